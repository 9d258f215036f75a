import { deadLetterTopicName, ensureTopics, loadTopicCatalogue } from '@streamforge/kafka';
import type { Kafka } from 'kafkajs';

/** The pipeline's topics under one run's prefix, so concurrent or repeated runs never share data. */
export interface RunTopics {
  raw: string;
  enriched: string;
  matches: string;
}

/**
 * Creates the catalogue's pipeline topics (and their dead-letter topics) renamed under `prefix`, with
 * the catalogue's partitions and configs fitted to the cluster's size.
 */
export async function createRunTopics(kafka: Kafka, prefix: string): Promise<RunTopics> {
  const topics: RunTopics = {
    raw: `${prefix}.events.raw`,
    enriched: `${prefix}.events.enriched`,
    matches: `${prefix}.cep.matches`,
  };
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { brokers } = await admin.describeCluster();
    const catalogue = loadTopicCatalogue(undefined, { brokerCount: brokers.length });
    const wanted = new Set(
      ['events.raw', 'events.enriched', 'cep.matches'].flatMap((name) => [name, deadLetterTopicName(name)]),
    );
    await ensureTopics(
      admin,
      catalogue.topics
        .filter((spec) => wanted.has(spec.name))
        .map((spec) => ({ ...spec, name: `${prefix}.${spec.name}` })),
    );
  } finally {
    await admin.disconnect();
  }
  return topics;
}
