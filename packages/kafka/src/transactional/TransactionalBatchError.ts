import { KafkaError } from '../errors.js';
import type { KafkaErrorContext } from '../errors.js';

/**
 * A batch whose transaction was aborted: the handler threw, or sending or committing failed. It is
 * thrown into kafkajs, which then fetches the partition again from the last resolved offset, so it
 * is always retriable, whatever the handler's own error says (that one is the `cause`). A handler
 * error marked non-retriable would otherwise make kafkajs crash the consumer without restarting it.
 */
export class TransactionalBatchError extends KafkaError {
  constructor(message: string, cause: unknown, context: KafkaErrorContext) {
    super(message, { code: 'TRANSACTIONAL_BATCH_ABORTED', retriable: true, cause, context });
  }
}
