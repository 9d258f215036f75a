import type { SchemaErrorContext } from './SchemaRegistryError.js';
import { SchemaRegistryError } from './SchemaRegistryError.js';

/**
 * The registry judged a schema incompatible with the subject's latest version under the subject's
 * compatibility level, so it was not registered. `messages` are the registry's own reasons (Confluent's
 * verbose compatibility check; Apicurio gives them only when registering). Not retriable: the schema has
 * to change, or the subject's level.
 */
export class IncompatibleSchemaError extends SchemaRegistryError {
  override readonly subject: string;
  readonly messages: readonly string[];

  constructor(
    subject: string,
    messages: readonly string[],
    options: { cause?: unknown; context?: SchemaErrorContext; status?: number } = {},
  ) {
    const reasons = messages.length > 0 ? `: ${messages.join('; ')}` : '';
    super(`schema is incompatible with the latest version of subject "${subject}"${reasons}`, {
      code: 'INCOMPATIBLE_SCHEMA',
      retriable: false,
      ...options,
      context: { ...options.context, subject },
    });
    this.subject = subject;
    this.messages = messages;
  }
}
