export { KafkaError, TopicCatalogueError } from './errors.js';
export type { KafkaErrorContext } from './errors.js';
export {
  TOPIC_CATALOGUE_ENV,
  deadLetterTopicName,
  findTopicCatalogueFile,
  loadTopicCatalogue,
  retryTopicName,
} from './catalogue/TopicCatalogue.js';
export type { CatalogueOptions, TopicCatalogue, TopicSpec } from './catalogue/TopicCatalogue.js';
export { ensureTopics } from './admin/ensureTopics.js';
export type { EnsureTopicsResult, TopicDrift } from './admin/ensureTopics.js';
export { createKafkaClient } from './client/createKafkaClient.js';
export type { KafkaClientConfig, KafkaLogSink } from './client/createKafkaClient.js';
export { createProducer } from './producer/createProducer.js';
export type { ProducerOptions } from './producer/createProducer.js';
export { deadLetterMessage } from './dlq/deadLetterMessage.js';
export { createConsumer } from './consumer/createConsumer.js';
export type { ConsumerOptions, TrackedConsumer } from './consumer/createConsumer.js';
export { fetchClusterId } from './admin/fetchClusterId.js';
export { compressionType, registerCompressionCodecs } from './compression/compressionCodecs.js';
export type { Compression } from './compression/compressionCodecs.js';
export { consumerLag } from './lag/consumerLag.js';
export type { PartitionLag } from './lag/consumerLag.js';
export { registerConsumerLagGauge } from './lag/consumerLagGauge.js';
export {
  PartitionerError,
  consistentHashPartitioner,
  customPartitioner,
  murmur2,
  murmur2Partitioner,
} from './partitioner/index.js';
export type { KeyedPartitioner, KeyedPartitionerOptions, PartitionFunction } from './partitioner/index.js';
export {
  RetryOptionsError,
  backoffDelay,
  isRetriable,
  runWithRetries,
  RETRY_HEADERS,
} from './retry/index.js';
export type {
  BackoffOptions,
  RetryContext,
  RetryHandler,
  RetryRunner,
  RunWithRetriesOptions,
} from './retry/index.js';
export {
  TransactionalBatchError,
  isProducerFenced,
  runTransactional,
  transactionalIdFor,
} from './transactional/index.js';
export type {
  RunTransactionalOptions,
  TransactionalBatch,
  TransactionalHandler,
  TransactionalOutput,
  TransactionalRunner,
  ProducedOffset,
  TransactionalCommit,
  TransactionalSession,
  TransactionalTickHandler,
} from './transactional/index.js';
export {
  DEAD_LETTER_HEADERS,
  DEAD_LETTER_READER_GROUP_PREFIX,
  DeadLetterError,
  DeadLetterOptionsError,
  REDRIVE_HEADERS,
  REDRIVE_MARKER_HEADERS,
  deadLetterTopicFor,
  listDeadLetters,
  redriveDeadLetters,
} from './dlq/index.js';
export type {
  DeadLetterErrorCode,
  DeadLetterFilter,
  DeadLetterPosition,
  DeadLetterProvenance,
  DeadLetterRecord,
  DeadLetterSelection,
  DeadLetterTimeField,
  ListDeadLettersOptions,
  RedriveDeadLettersOptions,
  RedriveMark,
  RedrivePlacement,
  RedriveResult,
  RedriveSkipReason,
  RedrivenRecord,
  SkippedDeadLetter,
} from './dlq/index.js';
export {
  ConsumerHandlerError,
  ConsumerOptionsError,
  KeyedTaskQueue,
  OffsetTracker,
  runConsumer,
} from './consumer/index.js';
export type {
  ConsumerRecord,
  ConsumerRunner,
  ConsumerRunnerListener,
  KeyedTask,
  PartitionFlow,
  RecordErrorAction,
  RecordErrorPolicy,
  RecordHandler,
  RunConsumerOptions,
  StopReport,
} from './consumer/index.js';
// Schema registry serde: Avro and JSON Schema in the Confluent wire format (curated in schema/index.ts).
export * from './schema/index.js';
export {
  BatchSendError,
  BatchingOptionsError,
  BatchingProducer,
  BufferExhaustedError,
  FlushError,
  ProducerClosedError,
  RecordTooLargeError,
  TopicMetadataError,
  createBatchingProducer,
} from './producer/batching/index.js';
export type {
  BatchCompletion,
  BatchedRecordMetadata,
  BatchingProducerDeps,
  BatchingProducerOptions,
  FetchPartitionMetadata,
  PartitionBatchSender,
} from './producer/batching/index.js';
export { HeaderValueError, STREAMFORGE_HEADERS, readHeaders, withHeaders } from './headers/index.js';
export type { RecordHeaderFields, RecordOrigin, TraceContext } from './headers/index.js';
