import type { TransactionalOutput } from './TransactionalHandler.js';

/**
 * One transactional producer's ownership of an input partition: from its InitProducerId (which fences
 * every earlier owner and completes their transactions) until it is dropped (revoke, fencing, a failed
 * commit). Session numbers are unique within a runner and grow. Everything committed for the
 * partition before a session began is final and readable when its first batch or tick is handed over;
 * work of an earlier session that was not reported committed may have been aborted.
 */
export interface TransactionalSession {
  topic: string;
  partition: number;
  session: number;
}

/** Where a committed transaction put one topic-partition's records: the first one's offset. */
export interface ProducedOffset {
  topic: string;
  partition: number;
  baseOffset: string;
}

/** A transaction of a partition that committed: a batch's (with its input offset) or a tick's. */
export interface TransactionalCommit extends TransactionalSession {
  /** The input offset committed with it (the next one to read); absent for a tick. */
  inputOffset?: string;
  /** The first offset of each output partition written, as the brokers acknowledged it. */
  produced: ProducedOffset[];
}

/**
 * Called on a timer for every partition the runner owns and has processed a batch of in its current
 * session, serialised with its batches and inside its transactional producer: for outputs that are due
 * without new input (processing time passing). Outputs are committed without consumed offsets;
 * returning none commits nothing. Throwing aborts the tick's transaction, and it is logged.
 */
export type TransactionalTickHandler = (session: TransactionalSession) => Promise<TransactionalOutput[]>;
