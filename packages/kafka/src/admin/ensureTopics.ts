import type { Admin, ITopicConfig } from 'kafkajs';
import { ConfigResourceTypes } from 'kafkajs';
import type { TopicSpec } from '../catalogue/TopicCatalogue.js';

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

/**
 * Creates the catalogue's missing topics and reports how existing ones differ from it. Changing a live
 * topic's partition count or retention is an operator's decision, so drift is returned, not applied.
 */
export async function ensureTopics(admin: Admin, specs: readonly TopicSpec[]): Promise<EnsureTopicsResult> {
  const present = new Set(await admin.listTopics());
  const missing = specs.filter((spec) => !present.has(spec.name));
  const existing = specs.filter((spec) => present.has(spec.name));

  if (missing.length > 0) {
    const topics: ITopicConfig[] = missing.map((spec) => ({
      topic: spec.name,
      numPartitions: spec.partitions,
      replicationFactor: spec.replicationFactor,
      configEntries: Object.entries(spec.configs).map(([name, value]) => ({ name, value })),
    }));
    // waitForLeaders: a consumer that subscribes right after must find every partition led.
    await admin.createTopics({ topics, waitForLeaders: true });
  }

  return {
    created: missing.map((spec) => spec.name),
    existing: existing.map((spec) => spec.name),
    drift: existing.length > 0 ? await findDrift(admin, existing) : [],
  };
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
