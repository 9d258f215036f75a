import { randomUUID } from 'node:crypto';
import type { KafkaClient as Kafka } from './kafkaTypes.js';
import { StreamError } from '../../errors.js';
import type { EncodedMutation } from './changelogCodec.js';

/** Prefix of the throw-away consumer groups that replay a changelog partition; they commit nothing. */
export const CHANGELOG_READER_GROUP_PREFIX = 'streamforge-changelog-restore-';

export interface ChangelogReplay {
  /** The committed state changes from the start offset, in log order. */
  changes: EncodedMutation[];
  /** The offset the replay reached: the partition's end when it began. */
  end: bigint;
}

/**
 * Reads one changelog partition read_committed from `from` to its end as it is now. Call it only when
 * no transaction can be open on the partition (its owner's producer just ran InitProducerId), so the
 * end is stable. kafkajs cannot assign a partition without a group: the reader joins a group of its
 * own, starts the other partitions at their end and seeks this one to `from`.
 */
export async function readChangelog(
  kafka: Kafka,
  topic: string,
  partition: number,
  from: bigint,
  stallTimeoutMs = 30_000,
): Promise<ChangelogReplay> {
  const admin = kafka.admin();
  await admin.connect();
  let low: bigint;
  let end: bigint;
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    const own = offsets.find((p) => p.partition === partition);
    if (!own) {
      throw new StreamError(`changelog ${topic} has no partition ${partition}`, {
        code: 'CHANGELOG_PARTITION_MISSING',
        retriable: false,
        context: { partition },
      });
    }
    low = BigInt(own.low);
    end = BigInt(own.high);
  } finally {
    await admin.disconnect();
  }
  if (from > end) {
    throw new StreamError(
      `the checkpoint of partition ${partition} is at changelog offset ${from}, past the end of ${topic} (${end}): was the changelog recreated?`,
      { code: 'CHECKPOINT_AHEAD_OF_CHANGELOG', retriable: false, context: { partition } },
    );
  }
  const start = from > low ? from : low;
  const changes: EncodedMutation[] = [];
  if (start >= end) return { changes, end };

  const consumer = kafka.consumer({
    groupId: `${CHANGELOG_READER_GROUP_PREFIX}${randomUUID()}`,
    readUncommitted: false,
    maxWaitTimeInMs: 250,
  });
  let stallTimer: NodeJS.Timeout | undefined;
  const done = new Promise<void>((resolve, reject) => {
    const armStallTimer = () => {
      clearTimeout(stallTimer);
      stallTimer = setTimeout(
        () =>
          reject(
            new StreamError(`replaying ${topic} partition ${partition} stalled for ${stallTimeoutMs} ms`, {
              code: 'CHANGELOG_REPLAY_STALLED',
              retriable: true,
              context: { partition },
            }),
          ),
        stallTimeoutMs,
      );
    };
    armStallTimer();
    // Also fired for batches of only commit markers or aborted records, which never reach eachBatch.
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      if (payload.partition !== partition) return;
      armStallTimer();
      if (BigInt(payload.lastOffset) + 1n >= end) resolve();
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) reject(payload.error);
    });
  });
  done.catch(() => undefined);
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: false });
    let position = start;
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        if (batch.partition !== partition) return;
        for (const message of batch.messages) {
          const offset = BigInt(message.offset);
          // A batch may start before the seek target or run past the end captured above.
          if (offset < position || offset >= end) continue;
          position = offset + 1n;
          changes.push({ field: message.key?.toString() ?? '', value: message.value?.toString() ?? null });
        }
      },
    });
    consumer.seek({ topic, partition, offset: start.toString() });
    await done;
  } finally {
    clearTimeout(stallTimer);
    await consumer.disconnect();
  }
  return { changes, end };
}
