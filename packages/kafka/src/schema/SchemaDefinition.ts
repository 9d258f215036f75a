/**
 * The schemas a serializer writes with, as plain objects: an Avro record schema, or a JSON Schema
 * document. They are sent to the registry as JSON text, exactly as given.
 */

/** Any Avro type: a name (`"string"`, `"com.acme.Address"`), a union (array) or a complex type object. */
export type AvroSchemaType =
  | string
  | readonly AvroSchemaType[]
  | { readonly type: string | AvroSchemaType; readonly [attribute: string]: unknown };

export interface AvroField {
  readonly name: string;
  readonly type: AvroSchemaType;
  /** Required on a field added to an existing schema, for backward compatibility. */
  readonly default?: unknown;
  readonly doc?: string;
  readonly aliases?: readonly string[];
}

/** A top-level Avro record: what Confluent's Avro serializer writes, and what has a record name. */
export interface AvroRecordSchema {
  readonly type: 'record';
  /** A simple name, or a full name with dots (then `namespace` is ignored, as the Avro spec says). */
  readonly name: string;
  readonly namespace?: string;
  readonly fields: readonly AvroField[];
  readonly doc?: string;
  readonly aliases?: readonly string[];
}

/** A JSON Schema document. Its `title` is the record name, as in Confluent's JSON Schema serde. */
export interface JsonSchemaDocument {
  readonly title?: string;
  readonly [keyword: string]: unknown;
}

export type SchemaDefinition =
  | { readonly type: 'AVRO'; readonly schema: AvroRecordSchema }
  | { readonly type: 'JSON'; readonly schema: JsonSchemaDocument };

/**
 * The record's full name, which the record and topic-record subject strategies put into the subject:
 * for Avro the namespace-qualified name (Avro's own rule: a name with a dot is already full), for JSON
 * Schema the `title`. Undefined when the schema has none.
 */
export function recordFullName(definition: SchemaDefinition): string | undefined {
  if (definition.type === 'JSON') {
    const title = definition.schema.title;
    return typeof title === 'string' && title.length > 0 ? title : undefined;
  }
  const { name, namespace } = definition.schema;
  if (typeof name !== 'string' || name.length === 0) return undefined;
  if (name.includes('.') || !namespace) return name;
  return `${namespace}.${name}`;
}
