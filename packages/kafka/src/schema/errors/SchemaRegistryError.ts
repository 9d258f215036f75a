import type { KafkaErrorContext } from '../../errors.js';
import { KafkaError } from '../../errors.js';

/** What a schema failure concerns, beyond where in Kafka it happened. */
export interface SchemaErrorContext extends KafkaErrorContext {
  subject?: string;
  schemaId?: number;
}

/**
 * Base of every schema registry and serde error. Besides `retriable` it names the subject and the
 * schema id involved when there is one, so a dead letter says which schema it failed on.
 */
export class SchemaRegistryError extends KafkaError {
  readonly subject: string | undefined;
  readonly schemaId: number | undefined;
  /** The registry's HTTP status, when the failure is an answer from it. */
  readonly status: number | undefined;

  constructor(
    message: string,
    options: {
      code: string;
      retriable?: boolean;
      cause?: unknown;
      context?: SchemaErrorContext;
      status?: number;
    },
  ) {
    const { subject, schemaId, ...kafkaContext } = options.context ?? {};
    super(message, {
      code: options.code,
      retriable: options.retriable ?? false,
      cause: options.cause,
      context: kafkaContext,
    });
    this.subject = subject;
    this.schemaId = schemaId;
    this.status = options.status;
  }
}
