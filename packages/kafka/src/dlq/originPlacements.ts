import type { Kafka } from 'kafkajs';
import { DeadLetterError } from './DeadLetterError.js';
import type { DeadLetterRecord } from './DeadLetterRecord.js';
import type { RedrivePlacement } from './RedrivePlacement.js';

/**
 * For each dead letter, in order, the origin partition its copy goes to, or null to let the key
 * partitioner place it (with `byKey`, or when the dead letter does not say its partition). Fails before
 * anything is sent when an origin topic or partition does not exist: the producer would otherwise
 * retry without end, and the broker does not create topics here.
 */
export async function originPlacements(
  kafka: Kafka,
  deadLetters: readonly DeadLetterRecord[],
  placement: RedrivePlacement,
): Promise<(number | null)[]> {
  const topics = [...new Set(deadLetters.map((d) => d.originTopic).filter((t): t is string => t !== null))];
  if (topics.length === 0) return deadLetters.map(() => null);
  const admin = kafka.admin();
  await admin.connect();
  let partitionCounts: Map<string, number>;
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length > 0)
      throw new DeadLetterError(`origin topic ${missing.join(', ')} does not exist; nothing was sent`, {
        code: 'DLQ_ORIGIN_MISSING',
        context: { topic: missing[0] as string },
      });
    const metadata = await admin.fetchTopicMetadata({ topics });
    partitionCounts = new Map(metadata.topics.map((t) => [t.name, t.partitions.length]));
  } finally {
    await admin.disconnect();
  }
  return deadLetters.map((deadLetter) => {
    if (placement === 'byKey' || deadLetter.originPartition === null) return null;
    const count = partitionCounts.get(deadLetter.originTopic ?? '') ?? 0;
    if (deadLetter.originPartition >= count)
      throw new DeadLetterError(
        `origin partition ${deadLetter.originPartition} of ${deadLetter.originTopic} does not exist ` +
          `(it has ${count}); nothing was sent`,
        {
          code: 'DLQ_ORIGIN_MISSING',
          context: { topic: deadLetter.topic, partition: deadLetter.partition, offset: deadLetter.offset },
        },
      );
    return deadLetter.originPartition;
  });
}
