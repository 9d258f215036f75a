import type { Kafka } from 'kafkajs';
import { uniqueName, waitFor } from '@streamforge/testing';

/** A record of the output log, with the `writer` header a test pipeline may stamp on it. */
export interface CommittedRecord {
  partition: number;
  offset: string;
  value: string;
  writer: string | undefined;
}

/**
 * Every record a read_committed reader sees on `topic`, in order per partition, read from the start up
 * to the end of the log as it is when called (every partition's position reaches its high watermark,
 * trailing commit markers and aborted records included), so that a duplicate written late is seen.
 * Each log position is kept once: a batch the reader itself is handed twice is not a duplicate write.
 */
export async function readCommitted(
  kafka: Kafka,
  topic: string,
  timeoutMs = 60_000,
): Promise<CommittedRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<number, bigint>();
  try {
    for (const { partition, high } of await admin.fetchTopicOffsets(topic)) ends.set(partition, BigInt(high));
  } finally {
    await admin.disconnect();
  }
  const consumer = kafka.consumer({ groupId: uniqueName('tx-reader'), readUncommitted: false });
  const records = new Map<string, CommittedRecord>();
  const positions = new Map<number, bigint>();
  // END_BATCH_PROCESS also fires for batches holding only markers or aborted records, which never
  // reach eachBatch: it is how the reader knows it is past them.
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    positions.set(payload.partition, BigInt(payload.lastOffset) + 1n);
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        for (const { offset, value, headers } of batch.messages) {
          records.set(`${batch.partition}:${offset}`, {
            partition: batch.partition,
            offset,
            value: String(value),
            writer: headers?.writer?.toString(),
          });
        }
      },
    });
    await waitFor(
      () => [...ends].every(([partition, end]) => end === 0n || (positions.get(partition) ?? 0n) >= end),
      { timeoutMs, description: `a read_committed reader to reach the end of ${topic}` },
    );
  } finally {
    await consumer.disconnect();
  }
  return [...records.values()];
}

/** Values that occur more than once, and the expected ones that do not occur at all. */
export function duplicatesAndGaps(values: readonly string[], expected: readonly string[]) {
  const seen = new Map<string, number>();
  for (const value of values) seen.set(value, (seen.get(value) ?? 0) + 1);
  const duplicates = [...seen].filter(([, count]) => count > 1).map(([value]) => value);
  const gaps = expected.filter((value) => !seen.has(value));
  const expectedSet = new Set(expected);
  const unexpected = [...seen.keys()].filter((value) => !expectedSet.has(value));
  return { duplicates, gaps, unexpected };
}
