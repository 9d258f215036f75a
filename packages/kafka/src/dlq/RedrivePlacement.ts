/**
 * Where a re-driven record goes on its origin topic: `originalPartition` (the default) is the partition
 * it was first written to, right whichever partitioner wrote it; `byKey` is wherever the key hashes now
 * (murmur2), which is where keyed state lives if the topic has grown since.
 */
export type RedrivePlacement = 'originalPartition' | 'byKey';
