import type { Message, PartitionMetadata } from 'kafkajs';
import { availablePartitions } from './availablePartitions.js';
import type { BatchEpochs } from './BatchEpochs.js';

/** Java's default `batch.size`: the Java producer moves on from a sticky partition after this many bytes. */
export const DEFAULT_STICKY_BYTES = 16_384;

interface StickyChoice {
  partition: number;
  numPartitions: number;
  epoch: string;
  bytes: number;
}

/**
 * Sticky partitioning for messages without a key (KIP-480, and KIP-794 since Kafka 3.3): all null-key
 * messages of a topic go to one partition, so they fill one batch instead of many small ones, and the
 * partition changes once that batch is done. A new partition is chosen when
 * - `stickyBytes` of message values have been sent to the current one (Java: `batch.size` appended);
 * - `nextBatch()` was called on the factory (the caller knows a `send()` was flushed);
 * - the topic's partition count changed, or the current partition lost its leader.
 * The choice is uniform over partitions with a leader, excluding the previous one when there is
 * another, like Java's StickyPartitionCache; Java 3.3+ additionally weighs by queue sizes, which
 * kafkajs does not expose. With no partition available it picks any partition, as Java does.
 */
export class StickyPartitionCache {
  private readonly choices = new Map<string, StickyChoice>();

  constructor(
    private readonly epochs: BatchEpochs,
    private readonly stickyBytes: number,
    private readonly random: () => number,
  ) {}

  partition(topic: string, partitionMetadata: PartitionMetadata[], message: Message): number {
    const numPartitions = partitionMetadata.length;
    const epoch = this.epochs.of(topic);
    const available = availablePartitions(partitionMetadata);
    let choice = this.choices.get(topic);
    if (
      !choice ||
      choice.epoch !== epoch ||
      choice.numPartitions !== numPartitions ||
      choice.bytes >= this.stickyBytes ||
      (available.length > 0 && !available.includes(choice.partition))
    ) {
      choice = {
        partition: this.pick(numPartitions, available, choice?.partition),
        numPartitions,
        epoch,
        bytes: 0,
      };
      this.choices.set(topic, choice);
    }
    choice.bytes += valueBytes(message);
    return choice.partition;
  }

  private pick(numPartitions: number, available: number[], previous: number | undefined): number {
    if (available.length === 0) return Math.floor(this.random() * numPartitions);
    const candidates = available.length > 1 ? available.filter((id) => id !== previous) : available;
    return candidates[Math.floor(this.random() * candidates.length)] ?? available[0]!;
  }
}

function valueBytes(message: Message): number {
  const { value } = message;
  if (value === null || value === undefined) return 0;
  return typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : value.length;
}
