import type {
  ICustomPartitioner,
  Kafka,
  Producer,
  ProducerBatch,
  ProducerRecord,
  Transaction,
} from 'kafkajs';
import type { Compression } from '../compression/compressionCodecs.js';
import { compressionType } from '../compression/compressionCodecs.js';
import { murmur2Partitioner } from '../partitioner/index.js';

export interface ProducerOptions {
  /** Makes the producer transactional; implies idempotence. */
  transactionalId?: string;
  /** Record-batch compression for every send that does not name its own; none by default. */
  compression?: Compression;
  /**
   * Where records go. By default the Java client's: murmur2 of the key, sticky partitions for null
   * keys. `consistentHashPartitioner()` moves few keys when partitions are added.
   */
  partitioner?: ICustomPartitioner;
}

/**
 * An idempotent producer (acks=all, broker-side dedup of retries) with the Java client's murmur2 key
 * partitioning, so that a key lands on the same partition whichever client wrote it.
 *
 * It retries without limit, as the Java client does under idempotence: giving up part-way leaves the
 * sequence numbers it has used unknown to the broker. Callers bound their own wait instead.
 */
export function createProducer(kafka: Kafka, options: ProducerOptions = {}): Producer {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: options.partitioner ?? murmur2Partitioner(),
    retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 100, maxRetryTime: 5_000 },
    ...(options.transactionalId ? { transactionalId: options.transactionalId } : {}),
  });
  if (options.compression === undefined || options.compression === 'none') return producer;
  // kafkajs takes compression per send, not per producer: default it on every path that sends.
  const compression = compressionType(options.compression);
  const compressed = <T extends ProducerRecord | ProducerBatch>(request: T): T => ({
    compression,
    ...request,
  });
  return {
    ...producer,
    send: (record) => producer.send(compressed(record)),
    sendBatch: (batch) => producer.sendBatch(compressed(batch)),
    transaction: async (): Promise<Transaction> => {
      const transaction = await producer.transaction();
      return {
        ...transaction,
        send: (record) => transaction.send(compressed(record)),
        sendBatch: (batch) => transaction.sendBatch(compressed(batch)),
      };
    },
  };
}
