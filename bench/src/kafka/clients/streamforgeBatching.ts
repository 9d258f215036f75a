import * as streamforgeKafka from '@streamforge/kafka';
import type { Compression } from '@streamforge/kafka';
import type { Kafka } from 'kafkajs';

/** The slice of StreamForge's BatchingProducer (packages/kafka/src/producer/batching) the bench uses. */
export interface BatchingProducerPort {
  connect(): Promise<void>;
  send(topic: string, message: { value: Buffer }): Promise<unknown>;
  close(): Promise<void>;
}

export type CreateBatchingProducer = (
  kafka: Kafka,
  options: { lingerMs: number; compression: Compression },
) => BatchingProducerPort;

/**
 * StreamForge's batching producer for kafkajs (grouping per partition by size or linger), when
 * @streamforge/kafka exports it; it is being written alongside this benchmark, so it is looked up at
 * run time rather than imported, and the kafkajs linger rows fall back to caller-side batches without it.
 */
export function findCreateBatchingProducer(): CreateBatchingProducer | undefined {
  const candidate = (streamforgeKafka as unknown as Record<string, unknown>)['createBatchingProducer'];
  return typeof candidate === 'function' ? (candidate as CreateBatchingProducer) : undefined;
}
