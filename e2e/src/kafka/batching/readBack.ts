import { createConsumer } from '@streamforge/kafka';
import { uniqueName, waitFor } from '@streamforge/testing';
import type { IHeaders, Kafka, KafkaMessage } from 'kafkajs';

/** A record as the broker stored it, with the record batch it was stored in. */
export interface StoredRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | undefined;
  value: string;
  headers: IHeaders | undefined;
  /** Base offset of the record batch holding it: one produce request's records share one. */
  recordBatch: string;
}

/**
 * Every record of `topics`, read from the start until the consumer holds exactly what the logs hold
 * (the sum of the partitions' high watermarks, which for non-transactional topics is the record count),
 * so that a missing or an extra record is seen, not waited out.
 */
export async function readBack(
  kafka: Kafka,
  topics: readonly string[],
  timeoutMs = 20_000,
): Promise<StoredRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  let logged = 0;
  try {
    for (const topic of topics)
      for (const { high } of await admin.fetchTopicOffsets(topic)) logged += Number(high);
  } finally {
    await admin.disconnect();
  }
  const stored = new Map<string, StoredRecord>();
  const { consumer } = createConsumer(kafka, {
    groupId: uniqueName('batching-reader'),
    maxWaitTimeInMs: 200,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          // Keyed by position: a fetch handed over twice is not a second copy in the log.
          stored.set(`${batch.topic}:${batch.partition}:${message.offset}`, {
            topic: batch.topic,
            partition: batch.partition,
            offset: message.offset,
            key: message.key?.toString(),
            value: String(message.value),
            headers: message.headers,
            recordBatch: recordBatchOf(message),
          });
        }
      },
    });
    await waitFor(() => stored.size >= logged, {
      timeoutMs,
      description: `${logged} records of ${topics.join(', ')}`,
    });
  } finally {
    await consumer.disconnect();
  }
  return [...stored.values()].sort(
    (a, b) =>
      a.topic.localeCompare(b.topic) ||
      a.partition - b.partition ||
      Number(BigInt(a.offset) - BigInt(b.offset)),
  );
}

/**
 * kafkajs decodes each fetched record batch and leaves its header on every record as `batchContext`
 * (untyped); its `firstOffset` is the batch's base offset in the broker's log.
 */
function recordBatchOf(message: KafkaMessage): string {
  const context: unknown = (message as KafkaMessage & { batchContext?: unknown }).batchContext;
  if (typeof context === 'object' && context !== null && 'firstOffset' in context)
    return String(context.firstOffset);
  throw new Error('kafkajs no longer leaves batchContext on consumed records: find another batch observable');
}
