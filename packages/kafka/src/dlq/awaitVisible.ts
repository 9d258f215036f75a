import type { Kafka, RecordMetadata } from 'kafkajs';

/**
 * Waits until read_committed readers can see the records of committed transactions, given what their
 * sends returned: until every partition's last stable offset has passed the batch written to it.
 *
 * A commit returns once the coordinator has decided it; the markers that make the records readable are
 * written to each partition just after. Waiting for them means that a listing right after a re-drive
 * shows its marks. Bounded: another producer's open transaction can hold a partition's last stable
 * offset back, and the records are committed whatever happens here, so after `timeoutMs` it returns.
 */
export async function awaitVisible(kafka: Kafka, written: readonly RecordMetadata[], timeoutMs = 10_000) {
  const needed = new Map<string, Map<number, bigint>>();
  for (const { topicName, partition, baseOffset } of written) {
    if (baseOffset === undefined) continue;
    const partitions = needed.get(topicName) ?? new Map<number, bigint>();
    const offset = BigInt(baseOffset);
    if (offset >= (partitions.get(partition) ?? -1n)) partitions.set(partition, offset);
    needed.set(topicName, partitions);
  }
  if (needed.size === 0) return;
  const admin = kafka.admin();
  await admin.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    while (needed.size > 0 && Date.now() < deadline) {
      for (const [topic, partitions] of needed) {
        // The admin lists offsets read_committed: `high` is the last stable offset.
        for (const { partition, high } of await admin.fetchTopicOffsets(topic)) {
          const offset = partitions.get(partition);
          if (offset !== undefined && BigInt(high) > offset) partitions.delete(partition);
        }
        if (partitions.size === 0) needed.delete(topic);
      }
      if (needed.size > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await admin.disconnect();
  }
}
