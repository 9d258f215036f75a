import { randomBytes } from 'node:crypto';
import { createKafkaClient, createProducer } from '@streamforge/kafka';
import { LocalKafkaCluster } from './LocalKafkaCluster.js';

type Kafka = ReturnType<typeof createKafkaClient>;

/**
 * The default single-broker cluster: it is shared with every other suite on this machine, so this test
 * brings it up (or finds it running) and leaves it running.
 */
describe('LocalKafkaCluster, single broker', () => {
  const cluster = new LocalKafkaCluster();
  let brokers: string[];
  let kafka: Kafka;

  beforeAll(async () => {
    ({ brokers } = await cluster.up());
    kafka = createKafkaClient({ brokers, clientId: 'local-infra-it' });
  }, 180_000);

  it('serves the default address with the catalogue topics in place', async () => {
    expect(brokers).toEqual(['127.0.0.1:19092']);
    const admin = kafka.admin();
    await admin.connect();
    try {
      expect((await admin.describeCluster()).brokers).toHaveLength(1);
      const topics = await admin.listTopics();
      expect(topics).toEqual(
        expect.arrayContaining(['events.raw', 'events.raw.retry.1', 'events.raw.dlq', 'alerts.events']),
      );
    } finally {
      await admin.disconnect();
    }
  });

  it('produces and consumes through a consumer group', async () => {
    const topic = await createTopic(kafka, 'it-plain');
    const producer = createProducer(kafka);
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'user-1', value: 'hello' }] });
    await producer.disconnect();

    const received = await consumeValues(kafka, topic, { groupId: `${topic}-group`, expected: 1 });
    expect(received).toEqual(['hello']);
  });

  it('commits transactions; a read_committed consumer sees committed records and not aborted ones', async () => {
    const topic = await createTopic(kafka, 'it-txn');
    const producer = createProducer(kafka, { transactionalId: `${topic}-tx` });
    await producer.connect();
    try {
      const committed = await producer.transaction();
      await committed.send({
        topic,
        messages: [
          { key: 'k', value: 'committed-1' },
          { key: 'k', value: 'committed-2' },
        ],
      });
      await committed.commit();
      const aborted = await producer.transaction();
      await aborted.send({ topic, messages: [{ key: 'k', value: 'aborted' }] });
      await aborted.abort();
      const last = await producer.transaction();
      await last.send({ topic, messages: [{ key: 'k', value: 'committed-3' }] });
      await last.commit();
    } finally {
      await producer.disconnect();
    }

    const received = await consumeValues(kafka, topic, {
      groupId: `${topic}-group`,
      expected: 3,
      readUncommitted: false,
    });
    expect(received).toEqual(['committed-1', 'committed-2', 'committed-3']);
  });

  it('finds the running cluster on a second up and returns quickly', async () => {
    const started = Date.now();
    const again = await cluster.up();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(again.brokers).toEqual(brokers);
    expect(again.startedNodes).toEqual([]);
    expect(again.topics?.created).toEqual([]);
  });

  it('reports the running node in status', () => {
    const [status] = cluster.status({ name: 'default' });
    expect(status?.running).toBe(true);
    expect(status?.nodes[0]?.pid).toEqual(expect.any(Number));
  });
});

async function createTopic(kafka: Kafka, prefix: string): Promise<string> {
  const topic = `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
  return topic;
}

async function consumeValues(
  kafka: Kafka,
  topic: string,
  options: { groupId: string; expected: number; readUncommitted?: boolean; timeoutMs?: number },
): Promise<string[]> {
  const consumer = kafka.consumer({
    groupId: options.groupId,
    readUncommitted: options.readUncommitted ?? false,
  });
  const values: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`received ${values.length} of ${options.expected} records from ${topic}`)),
        options.timeoutMs ?? 30_000,
      );
      void consumer.run({
        eachMessage: async ({ message }) => {
          values.push(message.value?.toString() ?? '');
          if (values.length >= options.expected) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    // A moment more: a record that should have been filtered out would arrive now.
    await new Promise((resolve) => setTimeout(resolve, 500));
  } finally {
    await consumer.disconnect();
  }
  return values;
}
