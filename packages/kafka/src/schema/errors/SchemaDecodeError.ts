import type { SchemaErrorContext } from './SchemaRegistryError.js';
import { SchemaRegistryError } from './SchemaRegistryError.js';

/**
 * A record's bytes cannot be decoded: not in the Confluent wire format, or not valid for the schema its
 * header names. Never retriable: the same bytes fail the same way every time, so runWithRetries sends the
 * record straight to the DLQ instead of crash-looping on it.
 */
export class SchemaDecodeError extends SchemaRegistryError {
  constructor(
    message: string,
    options: { code?: string; cause?: unknown; context?: SchemaErrorContext; status?: number } = {},
  ) {
    super(message, { ...options, code: options.code ?? 'SCHEMA_DECODE_FAILED', retriable: false });
  }
}
