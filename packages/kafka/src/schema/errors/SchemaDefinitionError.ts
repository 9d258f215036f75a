import type { SchemaErrorContext } from './SchemaRegistryError.js';
import { SchemaRegistryError } from './SchemaRegistryError.js';

/**
 * A schema or serde setting is unusable: the schema does not parse, the registry rejected it as invalid
 * (422), a record-name strategy has no record name to use, or the subject's compatibility level is not
 * the one the serializer was told to expect. A programming or configuration error, never retried.
 */
export class SchemaDefinitionError extends SchemaRegistryError {
  constructor(
    message: string,
    options: { cause?: unknown; context?: SchemaErrorContext; status?: number } = {},
  ) {
    super(message, { code: 'SCHEMA_DEFINITION_INVALID', retriable: false, ...options });
  }
}
