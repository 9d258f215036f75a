import type { AvroRecordSchema } from '../SchemaDefinition.js';
import type { SchemaRegistryClient } from '../registry/SchemaRegistryClient.js';

export interface SchemaDeserializerOptions {
  /**
   * Resolve Avro records into this schema, whatever version wrote them (fields added with a default are
   * filled in, removed ones dropped). Without it a record is read as its writer schema says.
   */
  readerSchema?: AvroRecordSchema;
}

/** Reads values written in the Confluent wire format, Avro or JSON Schema, by the schema id they carry. */
export interface SchemaDeserializer<T> {
  /**
   * The value, typed as the caller's schema promises: the registry's writer schema has validated its
   * shape, the type parameter only names it. Throws SchemaDecodeError (never retriable) for bytes that
   * cannot be decoded and SchemaRegistryUnavailableError (retriable) when the registry cannot be asked.
   */
  deserialize(bytes: Uint8Array | null | undefined): Promise<T>;
  /** The value and the id of the schema that wrote it. */
  deserializeWithSchemaId(bytes: Uint8Array | null | undefined): Promise<{ schemaId: number; value: T }>;
}

export function createSchemaDeserializer<T = unknown>(
  registry: SchemaRegistryClient,
  options: SchemaDeserializerOptions = {},
): SchemaDeserializer<T> {
  const decodeOptions = options.readerSchema !== undefined ? { readerSchema: options.readerSchema } : {};
  const deserializeWithSchemaId = async (bytes: Uint8Array | null | undefined) => {
    const { schemaId, value } = await registry.decode(bytes, decodeOptions);
    return { schemaId, value: value as T };
  };
  return {
    deserializeWithSchemaId,
    deserialize: async (bytes) => (await deserializeWithSchemaId(bytes)).value,
  };
}
