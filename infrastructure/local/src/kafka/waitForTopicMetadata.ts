import { createKafkaClient } from '@streamforge/kafka';
import { BrokerStartError } from '../errors.js';
import { sleep } from '../internal/sleep.js';

/**
 * Waits until every broker's metadata knows `topics` with a leader for each partition. Brokers apply
 * new topics at slightly different moments (seconds apart on a busy machine); a client bootstrapping
 * from a lagging broker would otherwise get UNKNOWN_TOPIC_OR_PARTITION for a topic we just created.
 */
export async function waitForTopicMetadata(
  addresses: readonly string[],
  topics: readonly string[],
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await Promise.all(
    addresses.map(async (address) => {
      let lastProblem = 'no answer';
      for (;;) {
        try {
          if (await knowsTopics(address, topics)) return;
          lastProblem = 'some partitions have no leader yet';
        } catch (error) {
          lastProblem = (error as Error).message;
        }
        if (Date.now() >= deadline) {
          throw new BrokerStartError(
            `broker ${address} did not learn the new topics within ${Math.round(timeoutMs / 1000)} s (${lastProblem})`,
            '',
          );
        }
        await sleep(250);
      }
    }),
  );
}

async function knowsTopics(address: string, topics: readonly string[]): Promise<boolean> {
  // One seed and no retries: the answer must come from this broker, now.
  const admin = createKafkaClient({
    brokers: [address],
    clientId: 'streamforge-local-infra-probe',
    connectionTimeoutMs: 2_000,
    retry: { retries: 0 },
    logger: { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined },
  }).admin();
  try {
    await admin.connect();
    const metadata = await admin.fetchTopicMetadata({ topics: [...topics] });
    return (
      metadata.topics.length === topics.length &&
      metadata.topics.every(
        (topic) =>
          topic.partitions.length > 0 && topic.partitions.every((partition) => partition.leader >= 0),
      )
    );
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
