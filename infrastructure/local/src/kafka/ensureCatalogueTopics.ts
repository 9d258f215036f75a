import {
  createKafkaClient,
  ensureTopics,
  findTopicCatalogueFile,
  loadTopicCatalogue,
} from '@streamforge/kafka';
import type { EnsureTopicsResult } from '@streamforge/kafka';
import type { Log } from '../Log.js';
import { stderrLog } from '../Log.js';
import { sleep } from '../internal/sleep.js';
import { waitForTopicMetadata } from './waitForTopicMetadata.js';

export interface EnsureCatalogueTopicsOptions {
  /** Brokers in the cluster; asked from the cluster when omitted. Caps replication factor and min ISR. */
  brokerCount?: number;
  /** The catalogue file; infrastructure/topics.yaml (or STREAMFORGE_TOPICS_FILE) by default. */
  catalogueFile?: string;
  log?: Log;
}

/**
 * Creates the catalogue's missing topics on `brokers` and logs drift as warnings. Several test workers
 * may race to create the same topics; kafkajs treats a loser's "already exists" as success.
 */
export async function ensureCatalogueTopics(
  brokers: readonly string[],
  options: EnsureCatalogueTopicsOptions = {},
): Promise<EnsureTopicsResult> {
  const log = options.log ?? stderrLog;
  const admin = createKafkaClient({
    brokers,
    clientId: 'streamforge-local-infra-topics',
    logger: {
      error: (_fields, message) => log(`kafka: ${message}`),
      warn: () => undefined,
      info: () => undefined,
      debug: () => undefined,
    },
  }).admin();
  await admin.connect();
  try {
    const cluster = await admin.describeCluster();
    const brokerCount = options.brokerCount ?? cluster.brokers.length;
    const catalogue = loadTopicCatalogue(options.catalogueFile ?? findCatalogue(), { brokerCount });
    const result = await ensureTopicsPatiently(() => ensureTopics(admin, catalogue.topics));
    if (cluster.brokers.length > 1) {
      await waitForTopicMetadata(
        cluster.brokers.map((broker) => `${broker.host}:${broker.port}`),
        catalogue.topics.map((topic) => topic.name),
      );
    }
    if (result.created.length > 0) log(`created ${result.created.length} catalogue topics`);
    for (const drift of result.drift) {
      log(
        `warning: topic ${drift.topic} has ${drift.setting}=${drift.actual}, the catalogue says ${drift.expected}`,
      );
    }
    return result;
  } finally {
    await admin.disconnect();
  }
}

/**
 * Retries while brokers disagree about brand-new topics. With several brokers, kafkajs' createTopics
 * (waitForLeaders) asks the broker it created them on for their metadata, and a broker that has not yet
 * applied the new metadata answers UNKNOWN_TOPIC_OR_PARTITION, which kafkajs does not retry. The topics
 * do exist; a second pass finds them, once every broker has caught up.
 */
async function ensureTopicsPatiently(
  attempt: () => Promise<EnsureTopicsResult>,
): Promise<EnsureTopicsResult> {
  for (let tries = 1; ; tries++) {
    try {
      // After a failed pass its topics count as existing: they were created, just not confirmed.
      return await attempt();
    } catch (error) {
      const type = (error as { type?: unknown }).type;
      if (tries >= 10 || (type !== 'UNKNOWN_TOPIC_OR_PARTITION' && type !== 'LEADER_NOT_AVAILABLE'))
        throw error;
      await sleep(500);
    }
  }
}

/** The working directory first (a checkout the user is in), then this package's own checkout. */
function findCatalogue(): string {
  try {
    return findTopicCatalogueFile();
  } catch {
    return findTopicCatalogueFile(__dirname);
  }
}
