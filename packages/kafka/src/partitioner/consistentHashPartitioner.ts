import { jumpConsistentHash } from './jumpConsistentHash.js';
import type { KeyedPartitioner, KeyedPartitionerOptions } from './keyedPartitioner.js';
import { keyedPartitioner } from './keyedPartitioner.js';
import { keyHash64 } from './keyHash64.js';

/**
 * Keyed partitioning that survives adding partitions: with murmur2 modulo, going from N to N+1
 * partitions moves almost every key, which breaks per-key ordering and any state kept per partition.
 * Jump consistent hash over keyHash64 moves only about 1/(N+1) of the keys, all onto the new
 * partition. The price: keys land elsewhere than with the Java default partitioner, so use it only
 * when every producer of the topic uses it. Null keys are handled as by murmur2Partitioner.
 */
export function consistentHashPartitioner(options: KeyedPartitionerOptions = {}): KeyedPartitioner {
  return keyedPartitioner((key, numPartitions) => jumpConsistentHash(keyHash64(key), numPartitions), options);
}
