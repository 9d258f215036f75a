export { runTransactional } from './runTransactional.js';
export type { RunTransactionalOptions, TopicPartition, TransactionalRunner } from './runTransactional.js';
export type {
  TransactionalBatch,
  TransactionalHandler,
  TransactionalOutput,
} from './TransactionalHandler.js';
export type {
  ProducedOffset,
  TransactionalCommit,
  TransactionalSession,
  TransactionalTickHandler,
} from './TransactionalSession.js';
export { TransactionalBatchError } from './TransactionalBatchError.js';
export { isProducerFenced } from './isProducerFenced.js';
export { transactionalIdFor } from './transactionalIdFor.js';
