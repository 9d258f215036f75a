import { KafkaError } from '../errors.js';
import { isRetriable } from '../retry/isRetriable.js';

/**
 * A record's handler failed and the error policy did not absorb it (no `onError`, `stop`, or the
 * policy threw): the runner stopped, with the committed offset below this record.
 */
export class ConsumerHandlerError extends KafkaError {
  readonly attempt: number;

  constructor(
    context: { topic: string; partition: number; offset: string; attempt: number },
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `handling ${context.topic}[${context.partition}] offset ${context.offset} failed on attempt ${context.attempt}: ${reason}`,
      {
        code: 'CONSUMER_HANDLER_FAILED',
        retriable: isRetriable(cause),
        cause,
        context: { topic: context.topic, partition: context.partition, offset: context.offset },
      },
    );
    this.attempt = context.attempt;
  }
}
