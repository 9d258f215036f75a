import type { AvroRecordSchema, JsonSchemaDocument, SchemaDefinition } from '../SchemaDefinition.js';
import { recordFullName } from '../SchemaDefinition.js';
import type { SchemaRegistryClient } from '../registry/SchemaRegistryClient.js';
import type { SubjectNameStrategy, SubjectNameStrategyName } from '../subject/SubjectNameStrategy.js';
import { subjectNameStrategy } from '../subject/SubjectNameStrategy.js';

export interface SchemaSerializerOptions {
  /** How the subject is named: `topic` (`<topic>-value`, the default), `record`, `topic-record`, or a function. */
  subjectNameStrategy?: SubjectNameStrategyName | SubjectNameStrategy;
  /** Serializes record keys: the topic strategy then names `<topic>-key`. */
  isKey?: boolean;
  /**
   * Register the schema when the subject lacks it (default true). False only looks it up, as Confluent's
   * `auto.register.schemas=false` does where schemas are registered by a deployment step.
   */
  autoRegister?: boolean;
}

/** Writes values of one schema in the Confluent wire format, registering the schema once per subject. */
export interface SchemaSerializer<T> {
  readonly definition: SchemaDefinition;
  /** The subject this serializer's schema lives under when writing to `topic`. */
  subjectFor(topic: string): string;
  /** The schema's id under the topic's subject: registered (or looked up) on first use, then cached. */
  schemaIdFor(topic: string): Promise<number>;
  serialize(topic: string, value: T): Promise<Buffer>;
}

export function createAvroSerializer<T>(
  registry: SchemaRegistryClient,
  schema: AvroRecordSchema,
  options: SchemaSerializerOptions = {},
): SchemaSerializer<T> {
  return createSchemaSerializer<T>(registry, { type: 'AVRO', schema }, options);
}

export function createJsonSchemaSerializer<T>(
  registry: SchemaRegistryClient,
  schema: JsonSchemaDocument,
  options: SchemaSerializerOptions = {},
): SchemaSerializer<T> {
  return createSchemaSerializer<T>(registry, { type: 'JSON', schema }, options);
}

/**
 * A serializer for either schema type. The id is resolved once per subject and kept (a promise, so
 * concurrent first calls share one registration); only a failed resolution is forgotten, so the next
 * record tries again. After that, serializing asks the registry nothing: the client keeps the parsed
 * schema under its id.
 */
export function createSchemaSerializer<T>(
  registry: SchemaRegistryClient,
  definition: SchemaDefinition,
  options: SchemaSerializerOptions = {},
): SchemaSerializer<T> {
  const strategy = subjectNameStrategy(options.subjectNameStrategy ?? 'topic');
  const recordName = recordFullName(definition);
  const isKey = options.isKey ?? false;
  const autoRegister = options.autoRegister ?? true;
  const ids = new Map<string, Promise<number>>();

  const subjectFor = (topic: string): string => strategy({ topic, isKey, recordName });

  const schemaIdFor = (topic: string): Promise<number> => {
    const subject = subjectFor(topic);
    let id = ids.get(subject);
    if (id === undefined) {
      id = autoRegister ? registry.register(subject, definition) : registry.lookup(subject, definition);
      ids.set(subject, id);
      id.catch(() => ids.delete(subject));
    }
    return id;
  };

  return {
    definition,
    subjectFor,
    schemaIdFor,
    serialize: async (topic, value) => registry.encode(await schemaIdFor(topic), value),
  };
}
