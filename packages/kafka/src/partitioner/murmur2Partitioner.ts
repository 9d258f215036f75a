import type { KeyedPartitioner, KeyedPartitionerOptions } from './keyedPartitioner.js';
import { keyedPartitioner } from './keyedPartitioner.js';
import { murmur2 } from './murmur2.js';
import { toPositive } from './toPositive.js';

/**
 * The Java producer's default partitioning: a keyed message goes to
 * `toPositive(murmur2(keyBytes)) % numPartitions`, so Java and TypeScript producers put a key on the
 * same partition (and co-partitioned topics stay joinable across both). Null keys are sticky unless
 * `options.nullKeys` is `round-robin`; see StickyPartitionCache for when the sticky partition changes.
 */
export function murmur2Partitioner(options: KeyedPartitionerOptions = {}): KeyedPartitioner {
  return keyedPartitioner((key, numPartitions) => toPositive(murmur2(key)) % numPartitions, options);
}
