import type { Admin, ITopicConfig } from 'kafkajs';
import { ConfigResourceTypes } from 'kafkajs';
import type { TopicSpec } from '../catalogue/TopicCatalogue.js';
import { waitForTopicsOnEveryBroker } from './waitForTopicsOnEveryBroker.js';

/** A topic that exists with settings other than the catalogue's; reported, never changed silently. */
export interface TopicDrift {
  topic: string;
  setting: string;
  expected: string;
  actual: string;
}

export interface EnsureTopicsResult {
  created: string[];
  existing: string[];
  drift: TopicDrift[];
}

/** kafkajs' answers while brokers have not all applied a topic created a moment ago. */
const NOT_YET_EVERYWHERE = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);

/**
 * Creates the catalogue's missing topics and reports how existing ones differ from it. Changing a live
 * topic's partition count or retention is an operator's decision, so drift is returned, not applied.
 * Returns once every broker knows every created topic, so a client may bootstrap from any of them.
 */
export async function ensureTopics(admin: Admin, specs: readonly TopicSpec[]): Promise<EnsureTopicsResult> {
  const present = new Set(await admin.listTopics());
  const missing = specs.filter((spec) => !present.has(spec.name));
  const existing = specs.filter((spec) => present.has(spec.name));

  if (missing.length > 0) {
    await createPatiently(admin, missing);
    await waitForTopicsOnEveryBroker(
      admin,
      missing.map((spec) => spec.name),
    );
  }

  return {
    created: missing.map((spec) => spec.name),
    existing: existing.map((spec) => spec.name),
    drift: existing.length > 0 ? await findDrift(admin, existing) : [],
  };
}

/**
 * With several brokers, kafkajs' createTopics (waitForLeaders) asks the broker it created the topics on
 * for their metadata, and one that has not applied them yet answers UNKNOWN_TOPIC_OR_PARTITION, which
 * kafkajs does not retry. The topics exist; a second call finds them ("already exists" is success).
 */
async function createPatiently(admin: Admin, specs: readonly TopicSpec[]): Promise<void> {
  const topics: ITopicConfig[] = specs.map((spec) => ({
    topic: spec.name,
    numPartitions: spec.partitions,
    replicationFactor: spec.replicationFactor,
    configEntries: Object.entries(spec.configs).map(([name, value]) => ({ name, value })),
  }));
  for (let attempt = 1; ; attempt++) {
    try {
      // waitForLeaders: a consumer that subscribes right after must find every partition led.
      await admin.createTopics({ topics, waitForLeaders: true });
      return;
    } catch (error) {
      const type = (error as { type?: unknown }).type;
      if (attempt >= 10 || typeof type !== 'string' || !NOT_YET_EVERYWHERE.has(type)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

async function findDrift(admin: Admin, specs: readonly TopicSpec[]): Promise<TopicDrift[]> {
  const drift: TopicDrift[] = [];
  const metadata = await admin.fetchTopicMetadata({ topics: specs.map((spec) => spec.name) });
  const partitionsByTopic = new Map(metadata.topics.map((topic) => [topic.name, topic.partitions]));
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: specs.map((spec) => ({
      type: ConfigResourceTypes.TOPIC,
      name: spec.name,
      configNames: Object.keys(spec.configs),
    })),
  });
  const configsByTopic = new Map(
    described.resources.map((resource) => [
      resource.resourceName,
      new Map(resource.configEntries.map((entry) => [entry.configName, entry.configValue])),
    ]),
  );

  for (const spec of specs) {
    const partitions = partitionsByTopic.get(spec.name) ?? [];
    if (partitions.length !== spec.partitions) {
      drift.push({
        topic: spec.name,
        setting: 'partitions',
        expected: String(spec.partitions),
        actual: String(partitions.length),
      });
    }
    const replicas = partitions[0]?.replicas.length;
    if (replicas !== undefined && replicas !== spec.replicationFactor) {
      drift.push({
        topic: spec.name,
        setting: 'replication.factor',
        expected: String(spec.replicationFactor),
        actual: String(replicas),
      });
    }
    const actualConfigs = configsByTopic.get(spec.name);
    for (const [setting, expected] of Object.entries(spec.configs)) {
      const actual = actualConfigs?.get(setting);
      if (actual !== undefined && actual !== expected)
        drift.push({ topic: spec.name, setting, expected, actual });
    }
  }
  return drift;
}
