import type { Kafka, Producer } from 'kafkajs';
import { Partitioners } from 'kafkajs';

export interface ProducerOptions {
  /** Makes the producer transactional; implies idempotence. */
  transactionalId?: string;
}

/**
 * An idempotent producer (acks=all, broker-side dedup of retries) with the Java client's murmur2 key
 * partitioning, so that a key lands on the same partition whichever client wrote it.
 */
export function createProducer(kafka: Kafka, options: ProducerOptions = {}): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
    ...(options.transactionalId ? { transactionalId: options.transactionalId } : {}),
  });
}
