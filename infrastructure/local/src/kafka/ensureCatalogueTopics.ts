import {
  createKafkaClient,
  ensureTopics,
  findTopicCatalogueFile,
  loadTopicCatalogue,
} from '@streamforge/kafka';
import type { EnsureTopicsResult } from '@streamforge/kafka';
import type { Admin } from 'kafkajs';
import { ClusterConfigurationError } from '../errors.js';
import { sleep } from '../internal/sleep.js';
import type { Log } from '../Log.js';
import { stderrLog } from '../Log.js';

export interface EnsureCatalogueTopicsOptions {
  /**
   * Brokers the cluster has; asked from the cluster when omitted. Caps replication factor and min ISR.
   * When given, waits until the cluster lists that many: brokers starting together (compose) register
   * one by one, and topics created meanwhile would get a smaller replication factor for good.
   */
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
    if (cluster.brokers.length < brokerCount) await waitForBrokerCount(admin, brokerCount, log);
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

async function waitForBrokerCount(admin: Admin, expected: number, log: Log): Promise<void> {
  const deadline = Date.now() + 120_000;
  log(`waiting for ${expected} brokers to register`);
  for (;;) {
    const { brokers } = await admin.describeCluster();
    if (brokers.length >= expected) return;
    if (Date.now() >= deadline) {
      throw new ClusterConfigurationError(
        `the cluster lists ${brokers.length} brokers after 120 s; the topics need ${expected}`,
      );
    }
    await sleep(1_000);
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
