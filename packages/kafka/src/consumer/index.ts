export { runConsumer } from './runConsumer.js';
export type {
  ConsumerRunner,
  ConsumerRunnerListener,
  RunConsumerOptions,
  StopReport,
} from './runConsumer.js';
export type {
  ConsumerRecord,
  RecordErrorAction,
  RecordErrorPolicy,
  RecordHandler,
} from './ConsumerRecord.js';
export type { PartitionFlow } from './PartitionState.js';
export { ConsumerHandlerError } from './ConsumerHandlerError.js';
export { ConsumerOptionsError } from './ConsumerOptionsError.js';
export { KeyedTaskQueue } from './KeyedTaskQueue.js';
export type { KeyedTask } from './KeyedTaskQueue.js';
export { OffsetTracker } from './OffsetTracker.js';
