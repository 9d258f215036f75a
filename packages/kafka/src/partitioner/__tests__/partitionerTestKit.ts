import type { PartitionMetadata } from 'kafkajs';

/** Metadata of a topic with `numPartitions` partitions on broker 1; `leaderless` ones have no leader. */
export function metadata(numPartitions: number, leaderless: readonly number[] = []): PartitionMetadata[] {
  return Array.from({ length: numPartitions }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: leaderless.includes(partitionId) ? -1 : 1,
    replicas: [1],
    isr: [1],
  }));
}

/** mulberry32: a seeded PRNG, so generated keys and sticky choices are reproducible. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
