import type { SchemaErrorContext } from './SchemaRegistryError.js';
import { SchemaDecodeError } from './SchemaDecodeError.js';

/**
 * The registry has no schema with the id a record's header names (404): the record was written against
 * another registry, or this one lost its schemas. A decode error, so the record goes to the DLQ; once the
 * schema exists again it can be re-driven from there.
 */
export class UnknownSchemaIdError extends SchemaDecodeError {
  override readonly schemaId: number;

  constructor(
    schemaId: number,
    registryUrl: string,
    options: { cause?: unknown; context?: SchemaErrorContext } = {},
  ) {
    super(`schema registry ${registryUrl} has no schema with id ${schemaId}`, {
      code: 'UNKNOWN_SCHEMA_ID',
      status: 404,
      ...options,
      context: { ...options.context, schemaId },
    });
    this.schemaId = schemaId;
  }
}
