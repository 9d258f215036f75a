import { KafkaError } from '../../errors.js';
import { isRetriable } from '../../retry/isRetriable.js';

/**
 * The produce request carrying one partition's batch failed after kafkajs' own retries; every record
 * of that batch, and only those, is rejected with it. Whether sending the records again can succeed
 * is the cause's to say.
 */
export class BatchSendError extends KafkaError {
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly recordCount: number,
    cause: unknown,
  ) {
    super(
      `sending a batch of ${recordCount} records to ${topic} partition ${partition} failed: ` +
        (cause instanceof Error ? cause.message : String(cause)),
      { code: 'BATCH_SEND_FAILED', retriable: isRetriable(cause), cause, context: { topic, partition } },
    );
  }
}
