import {
  createKafkaClient,
  ensureTopics,
  findTopicCatalogueFile,
  loadTopicCatalogue,
} from '@streamforge/kafka';
import type { EnsureTopicsResult } from '@streamforge/kafka';
import type { Log } from '../Log.js';
import { stderrLog } from '../Log.js';

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
    const result = await ensureTopics(admin, catalogue.topics);
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

/** The working directory first (a checkout the user is in), then this package's own checkout. */
function findCatalogue(): string {
  try {
    return findTopicCatalogueFile();
  } catch {
    return findTopicCatalogueFile(__dirname);
  }
}
