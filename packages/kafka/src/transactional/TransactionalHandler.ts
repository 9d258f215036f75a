import type { KafkaMessage, Message } from 'kafkajs';

/** The records of one input partition handed to the handler, all from one fetched batch. */
export interface TransactionalBatch {
  topic: string;
  partition: number;
  /** Only records whose offsets are not yet committed; never empty. */
  messages: KafkaMessage[];
  /**
   * The transactional producer the batch runs under (see TransactionalSession). A handler that keeps
   * state derived from earlier batches rebuilds it from what was committed when this changes.
   */
  session: number;
}

/** Records the handler wants written, atomically with the commit of the batch's input offsets. */
export interface TransactionalOutput {
  topic: string;
  messages: Message[];
}

/**
 * Turns one batch into outputs. It must not write to Kafka itself: only what it returns is part of
 * the transaction. Throwing aborts the transaction and the batch is fetched and handed over again.
 */
export type TransactionalHandler = (batch: TransactionalBatch) => Promise<TransactionalOutput[]>;
