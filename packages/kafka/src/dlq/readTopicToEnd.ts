import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { DeadLetterError } from './DeadLetterError.js';
import { DeadLetterOptionsError } from './DeadLetterOptionsError.js';

export interface ReadTopicToEndOptions {
  topic: string;
  /** Only these partitions; all by default. */
  partitions?: readonly number[];
  /** Called for every record below the end, in offset order within a partition. */
  onMessage: (partition: number, message: KafkaMessage) => void;
  /** Fails with DLQ_READ_STALLED when no partition advances for this long; 20 s by default. */
  stallTimeoutMs?: number;
}

/**
 * Prefix of the throw-away consumer groups that read a DLQ; they never commit an offset. With ACLs,
 * whoever lists or re-drives needs READ on groups with this prefix.
 */
export const DEAD_LETTER_READER_GROUP_PREFIX = 'streamforge-dlq-reader-';

/**
 * Reads `topic` from its log start up to the end offsets captured when the read begins, then stops: new
 * records that arrive meanwhile are not waited for, so it ends on a busy topic as on an empty one.
 *
 * kafkajs cannot assign partitions without a group, so the consumer joins a throw-away group of its own
 * and commits nothing: no offset is left behind, and the broker expires the empty group. The end is the
 * last stable offset (the admin lists offsets read_committed, the consumer reads committed), and a
 * partition counts as read when kafkajs reports a batch reaching it, which includes batches holding
 * only transaction markers or aborted records, which never reach the handler.
 */
export async function readTopicToEnd(kafka: Kafka, options: ReadTopicToEndOptions): Promise<void> {
  const { topic, onMessage } = options;
  const ends = await captureEnds(kafka, options);
  if (ends.size === 0) return;

  const consumer = kafka.consumer({
    groupId: `${DEAD_LETTER_READER_GROUP_PREFIX}${randomUUID()}`,
    readUncommitted: false,
    // Short polls: the read ends as soon as every partition is at its end, not a long-poll later.
    maxWaitTimeInMs: 250,
  });
  const stallTimeoutMs = options.stallTimeoutMs ?? 20_000;
  let stallTimer: NodeJS.Timeout | undefined;
  const finished = new Promise<void>((resolve, reject) => {
    const fail = (error: Error) => {
      clearTimeout(stallTimer);
      reject(error);
    };
    const armStallTimer = () => {
      clearTimeout(stallTimer);
      stallTimer = setTimeout(
        () =>
          fail(
            new DeadLetterError(
              `reading ${topic} made no progress for ${stallTimeoutMs} ms; partitions left: ${[...ends.keys()].join(', ')}`,
              { code: 'DLQ_READ_STALLED', retriable: true, context: { topic } },
            ),
          ),
        stallTimeoutMs,
      );
    };
    armStallTimer();
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      const end = ends.get(payload.partition);
      if (payload.topic !== topic || end === undefined) return;
      armStallTimer();
      if (BigInt(payload.lastOffset) + 1n >= end) ends.delete(payload.partition);
      if (ends.size === 0) {
        clearTimeout(stallTimer);
        resolve();
      }
    });
    // kafkajs restarts the consumer itself after a retriable crash; only a final one ends the read.
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) fail(payload.error);
    });
  });
  // Settled before the consumer starts, so a failure to connect does not leave it unhandled.
  finished.catch(() => undefined);

  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const end = ends.get(batch.partition);
        if (end === undefined) return;
        for (const message of batch.messages) {
          if (BigInt(message.offset) >= end) break;
          onMessage(batch.partition, message);
        }
      },
    });
    await finished;
  } finally {
    clearTimeout(stallTimer);
    await consumer.disconnect();
  }
}

/** Per partition to read, the offset to stop before; partitions with nothing to read are left out. */
async function captureEnds(kafka: Kafka, options: ReadTopicToEndOptions): Promise<Map<number, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(options.topic))
      throw new DeadLetterError(`topic ${options.topic} does not exist`, {
        code: 'DLQ_TOPIC_MISSING',
        context: { topic: options.topic },
      });
    const offsets = await admin.fetchTopicOffsets(options.topic);
    const unknown = (options.partitions ?? []).filter(
      (wanted) => !offsets.some((p) => p.partition === wanted),
    );
    if (unknown.length > 0)
      throw new DeadLetterOptionsError(
        `${options.topic} has partitions 0-${offsets.length - 1}, not ${unknown.join(', ')}`,
      );
    const ends = new Map<number, bigint>();
    for (const { partition, low, high } of offsets) {
      if (options.partitions && !options.partitions.includes(partition)) continue;
      if (BigInt(high) > BigInt(low)) ends.set(partition, BigInt(high));
    }
    return ends;
  } finally {
    await admin.disconnect();
  }
}
