import { KafkaError } from '../../errors.js';
import type { BatchSendError } from './BatchSendError.js';

/**
 * Some batches that `flush()` (or `close()`) waited for failed. Their records' own promises were
 * rejected too; this error exists so that a flush never reports success over lost records.
 */
export class FlushError extends KafkaError {
  constructor(readonly failures: readonly BatchSendError[]) {
    const failed = failures.map((failure) => `${failure.topic}[${failure.partition}]`).join(', ');
    const records = failures.reduce((sum, failure) => sum + failure.recordCount, 0);
    super(`flush: ${failures.length} batches (${records} records) failed: ${failed}`, {
      code: 'FLUSH_FAILED',
      retriable: failures.every((failure) => failure.retriable),
      cause: failures[0],
    });
  }
}
