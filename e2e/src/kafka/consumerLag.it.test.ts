import {
  consumerLag,
  createConsumer,
  createKafkaClient,
  createProducer,
  registerConsumerLagGauge,
} from '@streamforge/kafka';
import { startKafka, uniqueName, waitFor } from '@streamforge/testing';
import type { Admin, Kafka } from 'kafkajs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { repoRoot } from '../stack/index.js';

/** A paused consumer shows its exact lag per partition, and the lag drains to 0 after it resumes. */
describe('consumer lag', () => {
  let kafka: Kafka;
  let admin: Admin;
  let brokers: string[];

  beforeAll(async () => {
    brokers = (await startKafka()).brokers;
    kafka = createKafkaClient({ brokers, clientId: uniqueName('lag') });
    admin = kafka.admin();
    await admin.connect();
  });
  afterAll(() => admin.disconnect());

  it('counts what a paused group has not read, in the function, the gauge and the CLI', async () => {
    const topic = uniqueName('lag-topic');
    const groupId = uniqueName('lag-group');
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    const plain = createProducer(kafka);
    const transactional = createProducer(kafka, { transactionalId: uniqueName('lag-tx') });
    await Promise.all([plain.connect(), transactional.connect()]);
    const records = (perPartition: readonly number[]) =>
      perPartition.flatMap((count, partition) =>
        Array.from({ length: count }, (_, i) => ({ partition, value: `p${partition}-${i}` })),
      );
    // A commit marker takes an offset of its own; the lag must still drain to 0 after one.
    const sendInTransaction = async (perPartition: readonly number[]) => {
      const transaction = await transactional.transaction();
      await transaction.send({ topic, messages: records(perPartition) });
      await transaction.commit();
    };

    let consumed = 0;
    const { consumer } = createConsumer(kafka, { groupId });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    // Committing at once (threshold 1) also commits the offset past each transaction's marker.
    await consumer.run({ autoCommitThreshold: 1, eachMessage: async () => void consumed++ });
    try {
      await sendInTransaction([4, 5, 6]);
      await waitFor(async () => consumed === 15 && (await totalLag(groupId, topic)) === 0, {
        timeoutMs: 30_000,
        description: 'the group to read and commit the first 15 records',
      });

      consumer.pause([{ topic }]);
      await plain.send({ topic, messages: records([10, 8, 7]) });
      const paused = await consumerLag(admin, groupId, [topic]);
      expect(paused.map(({ partition, lag }) => ({ partition, lag }))).toEqual([
        { partition: 0, lag: 10 },
        { partition: 1, lag: 8 },
        { partition: 2, lag: 7 },
      ]);

      const registry = new Registry();
      registerConsumerLagGauge(registry, admin, [groupId]);
      const metrics = await registry.metrics();
      expect(metrics).toContain(
        `streamforge_consumer_lag{group="${groupId}",topic="${topic}",partition="1"} 8`,
      );

      const cli = execFileSync(
        process.execPath,
        [
          join(repoRoot(), 'packages/kafka/dist/cli/streamforge.js'),
          'lag',
          groupId,
          '--json',
          '--brokers',
          brokers.join(','),
        ],
        {
          encoding: 'utf8',
        },
      );
      expect(JSON.parse(cli)).toEqual(paused);

      consumer.resume([{ topic }]);
      await sendInTransaction([1, 1, 1]);
      await waitFor(async () => (await totalLag(groupId, topic)) === 0, {
        timeoutMs: 30_000,
        description: 'the lag to drain',
      });
      expect(consumed).toBe(43);
    } finally {
      await consumer.disconnect();
      await Promise.all([plain.disconnect(), transactional.disconnect()]);
    }
  });

  async function totalLag(groupId: string, topic: string): Promise<number> {
    return (await consumerLag(admin, groupId, [topic])).reduce((sum, entry) => sum + entry.lag, 0);
  }
});
