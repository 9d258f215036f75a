import { SchemaDefinitionError } from '../errors/SchemaDefinitionError.js';

/** What a subject name may be derived from. */
export interface SubjectNameContext {
  topic: string;
  /** True when serializing the record key, false for the value. */
  isKey: boolean;
  /** The record's full name (Avro namespace.name, JSON Schema title), when the schema has one. */
  recordName: string | undefined;
}

/** Derives the registry subject a schema is registered under, from the topic and the record. */
export type SubjectNameStrategy = (context: SubjectNameContext) => string;

/** Confluent's three built-in strategies, by the names its serializer settings use in short. */
export type SubjectNameStrategyName = 'topic' | 'record' | 'topic-record';

/**
 * `<topic>-value` (or `-key`): one schema lineage per topic, Confluent's default. Every record on the
 * topic must be compatible with the one before, so a topic carries one record type.
 */
export const topicNameStrategy: SubjectNameStrategy = ({ topic, isKey }) =>
  `${topic}-${isKey ? 'key' : 'value'}`;

/**
 * `<record full name>`: one lineage per record type across all topics, so a topic may mix record types
 * and a record type evolves once wherever it is written.
 */
export const recordNameStrategy: SubjectNameStrategy = (context) => requireRecordName(context, 'record');

/** `<topic>-<record full name>`: several record types per topic, each evolving separately per topic. */
export const topicRecordNameStrategy: SubjectNameStrategy = (context) =>
  `${context.topic}-${requireRecordName(context, 'topic-record')}`;

const BY_NAME: Record<SubjectNameStrategyName, SubjectNameStrategy> = {
  topic: topicNameStrategy,
  record: recordNameStrategy,
  'topic-record': topicRecordNameStrategy,
};

/** A strategy by name, or a custom function as given. An unknown name fails at once. */
export function subjectNameStrategy(
  strategy: SubjectNameStrategyName | SubjectNameStrategy,
): SubjectNameStrategy {
  if (typeof strategy === 'function') return strategy;
  const found = BY_NAME[strategy];
  if (!found) {
    throw new SchemaDefinitionError(
      `unknown subject name strategy "${String(strategy)}"; use ${Object.keys(BY_NAME).join(', ')} or a function`,
    );
  }
  return found;
}

function requireRecordName(context: SubjectNameContext, strategy: SubjectNameStrategyName): string {
  if (context.recordName === undefined || context.recordName.length === 0) {
    throw new SchemaDefinitionError(
      `the ${strategy} subject name strategy needs a record name, and the schema for topic "${context.topic}" has none ` +
        '(give an Avro record a name, a JSON Schema a title)',
      { context: { topic: context.topic } },
    );
  }
  return context.recordName;
}
