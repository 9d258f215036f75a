import type { Admin } from 'kafkajs';

/** How far one consumer group is behind on one partition. */
export interface PartitionLag {
  groupId: string;
  topic: string;
  partition: number;
  /** The group's next offset to read; null when it never committed on this partition. */
  committedOffset: string | null;
  /** The last stable offset: the end of what a read_committed consumer may read. */
  logEndOffset: string;
  /** Records between the two; from the log start when the group never committed. */
  lag: number;
}

/**
 * A group's lag on every partition of the topics it consumes (or of `topics`), measured as Kafka's own
 * tools do: end offset minus committed offset. The admin client lists offsets read_committed, so the
 * end is the last stable offset and an open transaction's records do not count yet.
 *
 * A transaction's commit marker takes an offset too, so the unread part of a transactional partition
 * counts one more per transaction than it has records, as in Kafka's own tools; telling markers apart
 * would mean reading the range. A caught-up kafkajs consumer commits past the last marker with its next
 * commit (at once with `autoCommitThreshold: 1`), after which its lag is 0.
 */
export async function consumerLag(
  admin: Admin,
  groupId: string,
  topics?: readonly string[],
): Promise<PartitionLag[]> {
  const committed = await admin.fetchOffsets(topics ? { groupId, topics: [...topics] } : { groupId });
  const lags: PartitionLag[] = [];
  for (const { topic, partitions } of committed) {
    const ends = new Map((await admin.fetchTopicOffsets(topic)).map((entry) => [entry.partition, entry]));
    for (const { partition, offset } of partitions) {
      const end = ends.get(partition);
      if (end === undefined) continue;
      const hasCommitted = offset !== '-1' && offset !== '';
      const from = hasCommitted ? BigInt(offset) : BigInt(end.low);
      const lag = BigInt(end.high) - from;
      lags.push({
        groupId,
        topic,
        partition,
        committedOffset: hasCommitted ? offset : null,
        logEndOffset: end.high,
        lag: Number(lag > 0n ? lag : 0n),
      });
    }
  }
  return lags.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}
