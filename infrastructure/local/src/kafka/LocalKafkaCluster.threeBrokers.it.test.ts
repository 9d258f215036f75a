import { createKafkaClient, createProducer } from '@streamforge/kafka';
import type { Admin, Kafka } from 'kafkajs';
import { ConfigResourceTypes } from 'kafkajs';
import { LocalKafkaCluster } from './LocalKafkaCluster.js';

/**
 * A three-broker cluster of its own (name and ports no other suite uses), torn down and deleted at the
 * end, so that stopping a broker here never disturbs anyone else's cluster.
 */
describe('LocalKafkaCluster, three brokers', () => {
  const cluster = new LocalKafkaCluster();
  const name = 'launcher-it3';
  let kafka: Kafka;
  let admin: Admin;

  beforeAll(async () => {
    const { brokers } = await cluster.up({ name, brokers: 3, basePort: 39092 });
    expect(brokers).toEqual(['127.0.0.1:39092', '127.0.0.1:39192', '127.0.0.1:39292']);
    kafka = createKafkaClient({ brokers, clientId: 'local-infra-it3' });
    admin = kafka.admin();
    await admin.connect();
  }, 300_000);

  afterAll(async () => {
    await admin?.disconnect();
    await cluster.down({ name, purge: true });
    expect(cluster.status({ name })).toEqual([]);
  }, 120_000);

  it('lists three brokers and creates catalogue topics with RF 3 and min ISR 2', async () => {
    expect((await admin.describeCluster()).brokers.map((broker) => broker.nodeId).sort()).toEqual([1, 2, 3]);
    const metadata = await admin.fetchTopicMetadata({ topics: ['events.raw'] });
    const partitions = metadata.topics[0]?.partitions ?? [];
    expect(partitions).toHaveLength(12);
    for (const partition of partitions) expect(partition.replicas).toHaveLength(3);
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        { type: ConfigResourceTypes.TOPIC, name: 'events.raw', configNames: ['min.insync.replicas'] },
      ],
    });
    expect(configs.resources[0]?.configEntries[0]?.configValue).toBe('2');
  });

  it('keeps accepting acks=all writes with one broker stopped, and takes it back', async () => {
    await cluster.stopBroker(2, { name });
    expect(cluster.status({ name })[0]?.nodes.map((node) => node.running)).toEqual([true, false, true]);

    const producer = createProducer(kafka);
    await producer.connect();
    try {
      // Twelve keys spread over the partitions, so some were led by the stopped broker.
      const messages = Array.from({ length: 24 }, (_, index) => ({
        key: `key-${index}`,
        value: `value-${index}`,
      }));
      const results = await producer.send({ topic: 'events.raw', acks: -1, messages });
      expect(results.every((result) => result.errorCode === 0)).toBe(true);
    } finally {
      await producer.disconnect();
    }

    await cluster.startBroker(2, { name });
    // A fresh client: the long-lived admin's cached metadata may still miss the restarted broker.
    const fresh = kafka.admin();
    await fresh.connect();
    try {
      expect((await fresh.describeCluster()).brokers).toHaveLength(3);
    } finally {
      await fresh.disconnect();
    }
  });
});
