import type { Kafka } from 'kafkajs';
import { createProducer } from '../createProducer.js';
import { BatchingProducer } from './BatchingProducer.js';
import type { BatchingProducerOptions } from './BatchingProducerOptions.js';
import { parseBatchingOptions } from './BatchingProducerOptions.js';

/**
 * A BatchingProducer over an idempotent producer from `createProducer` (acks=all) and an admin client
 * for partition metadata. Both connect on the first send, or on `connect()`; `close()` disconnects them.
 *
 * The kafkajs producer keeps its default murmur2 partitioner, which leaves a message's explicit
 * partition alone: every record reaches it already placed by the batching producer's partitioner.
 */
export function createBatchingProducer(
  kafka: Kafka,
  options: BatchingProducerOptions = {},
): BatchingProducer {
  const { compression } = parseBatchingOptions(options);
  const producer = createProducer(kafka, { compression });
  const admin = kafka.admin();
  let connecting: Promise<void> | undefined;
  const connect = (): Promise<void> => {
    connecting ??= Promise.all([producer.connect(), admin.connect()]).then(
      () => undefined,
      (error: unknown) => {
        connecting = undefined;
        throw error;
      },
    );
    return connecting;
  };
  return new BatchingProducer(
    {
      connect,
      sendBatch: async ({ topic, messages }) => {
        await connect();
        return producer.send({ topic, messages, acks: -1 });
      },
      fetchPartitionMetadata: async (topic) => {
        await connect();
        const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
        return topics.find((entry) => entry.name === topic)?.partitions ?? [];
      },
      disconnect: async () => {
        connecting = undefined;
        await Promise.all([producer.disconnect(), admin.disconnect()]);
      },
    },
    options,
  );
}
