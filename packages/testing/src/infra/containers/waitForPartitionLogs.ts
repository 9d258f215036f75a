import { createKafkaClient } from '@streamforge/kafka';
import { waitFor } from '../../waitFor.js';

/**
 * Until the broker holds a log for every partition of `topics`. A fresh broker creates the catalogue's
 * ~250 partition logs one after another (about 3 s in a container on this machine) and applies no newer
 * metadata until it is done, so a test's own createTopics({ waitForLeaders: true }) fails with
 * UNKNOWN_TOPIC_OR_PARTITION meanwhile. ListOffsets is answered only by a leader that has the log, so it
 * succeeds for every partition only once the backlog is gone. On a warm broker this takes ~50 ms.
 */
export async function waitForPartitionLogs(
  brokers: readonly string[],
  topics: readonly string[],
): Promise<void> {
  const silent = {
    error: () => undefined,
    warn: () => undefined,
    info: () => undefined,
    debug: () => undefined,
  };
  const admin = createKafkaClient({
    brokers,
    clientId: 'streamforge-testing-logs',
    logger: silent,
    retry: { retries: 0 },
  }).admin();
  await admin.connect();
  try {
    await waitFor(
      async () => {
        for (const topic of topics) await admin.fetchTopicOffsets(topic);
        return true;
      },
      {
        timeoutMs: 60_000,
        intervalMs: 250,
        description: `partition logs of ${topics.length} topics on ${brokers.join(',')}`,
      },
    );
  } finally {
    await admin.disconnect();
  }
}
