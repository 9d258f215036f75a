import type { PartitionMetadata } from 'kafkajs';

/** Partition ids with a leader, i.e. the ones a produce request can go to right now (Java's "available"). */
export function availablePartitions(partitionMetadata: PartitionMetadata[]): number[] {
  return partitionMetadata
    .filter((partition) => partition.leader >= 0)
    .map((partition) => partition.partitionId);
}
