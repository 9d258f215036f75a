import type { Kafka, Producer } from 'kafkajs';
import { Partitioners } from 'kafkajs';

export interface ProducerOptions {
  /** Makes the producer transactional; implies idempotence. */
  transactionalId?: string;
}

/**
 * An idempotent producer (acks=all, broker-side dedup of retries) with the Java client's murmur2 key
 * partitioning, so that a key lands on the same partition whichever client wrote it.
 *
 * It retries without limit, as the Java client does under idempotence: giving up part-way leaves the
 * sequence numbers it has used unknown to the broker. Callers bound their own wait instead.
 */
export function createProducer(kafka: Kafka, options: ProducerOptions = {}): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 100, maxRetryTime: 5_000 },
    ...(options.transactionalId ? { transactionalId: options.transactionalId } : {}),
  });
}
