import { StreamError } from '../../errors.js';
import type { KafkaClient } from './kafkaTypes.js';
import type { OutputTopics } from './taskOutputs.js';

/**
 * Creates the changelog if it is missing (compacted, as many partitions as the source: partition p
 * holds the state of input partition p) and checks the source, the changelog and the late topic.
 */
export async function prepareTopics(
  kafka: KafkaClient,
  names: { source: string; changelog: string; late?: string },
): Promise<OutputTopics> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const partitionsOf = async (topic: string): Promise<number | undefined> => {
      if (!(await admin.listTopics()).includes(topic)) return undefined;
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      return topics[0]?.partitions.length;
    };
    const missing = (topic: string, what: string) =>
      new StreamError(`the ${what} topic ${topic} does not exist`, {
        code: 'TOPIC_MISSING',
        retriable: true,
      });

    const sourcePartitions = await partitionsOf(names.source);
    if (sourcePartitions === undefined) throw missing(names.source, 'source');
    let changelogPartitions = await partitionsOf(names.changelog);
    if (changelogPartitions === undefined) {
      // Two instances starting together may both try; the loser finds it there.
      await admin
        .createTopics({
          topics: [
            {
              topic: names.changelog,
              numPartitions: sourcePartitions,
              configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
            },
          ],
          waitForLeaders: true,
        })
        .catch(async (error: unknown) => {
          if ((await partitionsOf(names.changelog)) === undefined) throw error;
        });
      changelogPartitions = (await partitionsOf(names.changelog)) ?? 0;
    }
    if (changelogPartitions < sourcePartitions) {
      throw new StreamError(
        `changelog ${names.changelog} has ${changelogPartitions} partitions, fewer than the ${sourcePartitions} of ${names.source}`,
        { code: 'CHANGELOG_TOO_SMALL', retriable: false },
      );
    }
    if (names.late === undefined) return { changelog: names.changelog };
    const latePartitions = await partitionsOf(names.late);
    if (latePartitions === undefined) throw missing(names.late, 'late-data');
    return { changelog: names.changelog, late: { topic: names.late, partitions: latePartitions } };
  } finally {
    await admin.disconnect();
  }
}
