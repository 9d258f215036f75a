import type { PartitionMetadata } from 'kafkajs';
import { availablePartitions } from './availablePartitions.js';

/**
 * Round-robin over the partitions that have a leader, one counter per topic, like Java's
 * RoundRobinPartitioner and kafkajs' default for null keys. Each counter starts at a random offset so
 * that producers started together do not all begin on partition 0.
 */
export class RoundRobinCounter {
  private readonly counters = new Map<string, number>();

  constructor(private readonly random: () => number) {}

  partition(topic: string, partitionMetadata: PartitionMetadata[]): number {
    const count = this.counters.get(topic) ?? Math.floor(this.random() * 0x7fffffff);
    this.counters.set(topic, (count + 1) % Number.MAX_SAFE_INTEGER);
    const available = availablePartitions(partitionMetadata);
    if (available.length === 0) return count % partitionMetadata.length;
    return available[count % available.length]!;
  }
}
