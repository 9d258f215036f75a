import type { SchemaErrorContext } from './SchemaRegistryError.js';
import { SchemaRegistryError } from './SchemaRegistryError.js';

/**
 * The registry could not be reached (connection refused, timeout, DNS) or answered 5xx, after the
 * client's bounded retries. Retriable: the record is fine, the registry is not, so a retry tier (not the
 * DLQ) is the right place for it. `url` never carries credentials.
 */
export class SchemaRegistryUnavailableError extends SchemaRegistryError {
  readonly url: string;

  constructor(
    url: string,
    reason: string,
    options: { cause?: unknown; context?: SchemaErrorContext; status?: number } = {},
  ) {
    super(`schema registry ${url} is unavailable: ${reason}`, {
      code: 'SCHEMA_REGISTRY_UNAVAILABLE',
      retriable: true,
      ...options,
    });
    this.url = url;
  }
}
