import type { SchemaErrorContext } from './SchemaRegistryError.js';
import { SchemaRegistryError } from './SchemaRegistryError.js';

/**
 * A value does not match the schema it is serialized with. `paths` lists the offending fields as the
 * serde reported them. Not retriable: the value has to change.
 */
export class SchemaEncodeError extends SchemaRegistryError {
  readonly paths: readonly string[];

  constructor(
    message: string,
    paths: readonly string[],
    options: { cause?: unknown; context?: SchemaErrorContext } = {},
  ) {
    super(paths.length > 0 ? `${message} (at ${paths.join(', ')})` : message, {
      code: 'SCHEMA_ENCODE_FAILED',
      retriable: false,
      ...options,
    });
    this.paths = paths;
  }
}
