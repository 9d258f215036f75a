import type { Admin } from 'kafkajs';
import { createKafkaClient } from '../client/createKafkaClient.js';
import { KafkaError } from '../errors.js';

const quiet = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
};

/**
 * Waits until every broker's metadata knows `topics` with a leader for each partition. Brokers apply
 * new topics at slightly different moments (seconds apart on a busy machine); a client bootstrapping
 * from a lagging broker would otherwise get UNKNOWN_TOPIC_OR_PARTITION for a topic just created.
 */
export async function waitForTopicsOnEveryBroker(
  admin: Admin,
  topics: readonly string[],
  timeoutMs = 60_000,
): Promise<void> {
  const { brokers } = await admin.describeCluster();
  if (brokers.length < 2 || topics.length === 0) return;
  const deadline = Date.now() + timeoutMs;
  await Promise.all(
    brokers.map(async ({ host, port }) => {
      const address = `${host}:${port}`;
      let lastProblem = 'no answer';
      for (;;) {
        try {
          if (await brokerKnowsTopics(address, topics)) return;
          lastProblem = 'some partitions have no leader yet';
        } catch (error) {
          lastProblem = (error as Error).message;
        }
        if (Date.now() >= deadline) {
          throw new KafkaError(
            `broker ${address} did not learn the topics ${topics.join(', ')} within ${Math.round(timeoutMs / 1000)} s (${lastProblem})`,
            { code: 'TOPIC_METADATA_TIMEOUT' },
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }),
  );
}

async function brokerKnowsTopics(address: string, topics: readonly string[]): Promise<boolean> {
  // One seed and no retries: the answer must come from this broker, now.
  const probe = createKafkaClient({
    brokers: [address],
    clientId: 'streamforge-topic-metadata-probe',
    connectionTimeoutMs: 2_000,
    retry: { retries: 0 },
    logger: quiet,
  }).admin();
  try {
    await probe.connect();
    const metadata = await probe.fetchTopicMetadata({ topics: [...topics] });
    return (
      metadata.topics.length === topics.length &&
      metadata.topics.every(
        (topic) =>
          topic.partitions.length > 0 && topic.partitions.every((partition) => partition.leader >= 0),
      )
    );
  } finally {
    await probe.disconnect().catch(() => undefined);
  }
}
