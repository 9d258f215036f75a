import type { ICustomPartitioner, PartitionerArgs } from 'kafkajs';
import { BatchEpochs } from './BatchEpochs.js';
import { explicitPartition } from './explicitPartition.js';
import { PartitionerError } from './PartitionerError.js';
import { RoundRobinCounter } from './RoundRobinCounter.js';
import { DEFAULT_STICKY_BYTES, StickyPartitionCache } from './StickyPartitionCache.js';

/** Where messages without a key go: `sticky` is the Java producer's default since Kafka 2.4. */
export type NullKeyStrategy = 'sticky' | 'round-robin';

export interface KeyedPartitionerOptions {
  /** Placement of messages whose key is null or absent; `sticky` unless told. */
  nullKeys?: NullKeyStrategy;
  /**
   * Sticky only: value bytes sent to one partition before moving to another, Java's `batch.size`
   * (16384) unless told. `Infinity` moves only on `nextBatch()` or a metadata change.
   */
  stickyBytes?: number;
  /** Randomness for null-key placement, in [0, 1); `Math.random` unless told (tests pass a seeded one). */
  random?: () => number;
}

/**
 * A kafkajs partitioner factory (pass it as `createPartitioner`) that can also be told that a batch
 * was sent. kafkajs gives partitioners no batch boundaries, so callers who want Java's "new sticky
 * partition per batch" call `nextBatch()` after each `send()`; others rely on `stickyBytes`.
 */
export type KeyedPartitioner = ICustomPartitioner & {
  /** Ends the sticky batch of `topic` (every topic when omitted) in every partitioner this factory built. */
  nextBatch(topic?: string): void;
};

/** Maps a (non-null) key to a partition in [0, numPartitions); numPartitions is at least 1. */
export type KeyPlacement = (key: string | Buffer, numPartitions: number) => number;

/**
 * The shape shared by the hash partitioners: an explicit `message.partition` wins, keyed messages go
 * where `placeKey` says over all partitions (available or not, so a key never moves while a leader
 * is down, as in Java), and null keys follow `options.nullKeys`.
 */
export function keyedPartitioner(
  placeKey: KeyPlacement,
  options: KeyedPartitionerOptions = {},
): KeyedPartitioner {
  const nullKeys = options.nullKeys ?? 'sticky';
  const stickyBytes = options.stickyBytes ?? DEFAULT_STICKY_BYTES;
  const random = options.random ?? Math.random;
  if (nullKeys !== 'sticky' && nullKeys !== 'round-robin') {
    throw new PartitionerError(
      `options.nullKeys must be 'sticky' or 'round-robin', got ${String(nullKeys)}`,
      {
        code: 'PARTITIONER_INVALID_OPTIONS',
      },
    );
  }
  if (!(stickyBytes > 0)) {
    throw new PartitionerError(`options.stickyBytes must be a positive number, got ${String(stickyBytes)}`, {
      code: 'PARTITIONER_INVALID_OPTIONS',
    });
  }
  const epochs = new BatchEpochs();

  const factory = (): ((args: PartitionerArgs) => number) => {
    const placeNullKey =
      nullKeys === 'sticky'
        ? new StickyPartitionCache(epochs, stickyBytes, random)
        : new RoundRobinCounter(random);
    return ({ topic, partitionMetadata, message }) => {
      const chosen = explicitPartition(message);
      if (chosen !== undefined) return chosen;
      const numPartitions = partitionMetadata.length;
      if (numPartitions === 0) {
        throw new PartitionerError(`topic ${topic} has no partitions in the metadata`, {
          topic,
          code: 'PARTITIONER_NO_PARTITIONS',
        });
      }
      const { key } = message;
      if (key === null || key === undefined) return placeNullKey.partition(topic, partitionMetadata, message);
      return placeKey(key, numPartitions);
    };
  };
  return Object.assign(factory, { nextBatch: (topic?: string): void => epochs.next(topic) });
}
