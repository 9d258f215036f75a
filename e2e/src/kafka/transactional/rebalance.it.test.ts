import { createKafkaClient, createProducer, runTransactional } from '@streamforge/kafka';
import type { TransactionalRunner } from '@streamforge/kafka';
import { startKafka, uniqueName, waitFor } from '@streamforge/testing';
import type { Admin, Kafka } from 'kafkajs';
import { duplicatesAndGaps, readCommitted } from './readCommitted.js';

const RECORDS = 6_000;
const PARTITIONS = 6;

/**
 * One instance of a pipeline, then three, then two (one stops gracefully while the others work):
 * every rebalance moves partitions, with transactions open on them, between instances, and the output
 * read read_committed still holds every input exactly once.
 */
describe('runTransactional: rebalancing between instances', () => {
  let brokers: string[];
  let admin: Admin;

  beforeAll(async () => {
    brokers = (await startKafka()).brokers;
    admin = createKafkaClient({ brokers, clientId: uniqueName('tx-rebalance-admin') }).admin();
    await admin.connect();
  });
  afterAll(() => admin.disconnect());

  it('outputs every input exactly once while instances come and go (1 → 3 → 2)', async () => {
    const input = uniqueName('tx-rebalance-in');
    const output = uniqueName('tx-rebalance-out');
    const groupId = uniqueName('tx-rebalance-group');
    const prefix = uniqueName('tx-rebalance-tx');
    await admin.createTopics({
      topics: [
        { topic: input, numPartitions: PARTITIONS },
        { topic: output, numPartitions: PARTITIONS },
      ],
      waitForLeaders: true,
    });
    const handledBy = new Map<string, number>();
    const startInstance = (name: string): Promise<TransactionalRunner> =>
      runTransactional({
        // A client per instance, as separate processes would have: each is its own group member.
        kafka: clientFor(name),
        groupId,
        topics: [input],
        transactionalIdPrefix: prefix,
        fromBeginning: true,
        handler: async ({ messages }) => {
          handledBy.set(name, (handledBy.get(name) ?? 0) + messages.length);
          // Holds each transaction open a while, so that rebalances find some open.
          await new Promise((resolve) => setTimeout(resolve, 200));
          return [{ topic: output, messages: messages.map((m) => ({ value: `out-${String(m.value)}` })) }];
        },
      });

    const running = new Map<string, TransactionalRunner>();
    // Input keeps arriving throughout, so that every rebalance lands amid open transactions.
    const producing = produceSteadily(clientFor('producer'), input);
    try {
      running.set('a', await startInstance('a'));
      await waitFor(() => (handledBy.get('a') ?? 0) >= RECORDS / 10, {
        timeoutMs: 60_000,
        description: 'the single instance to process a tenth of the input',
      });

      running.set('b', await startInstance('b'));
      running.set('c', await startInstance('c'));
      await waitFor(() => handledBy.has('b') && handledBy.has('c'), {
        timeoutMs: 90_000,
        description: 'the two new instances to be handed partitions',
      });

      await running.get('c')?.stop();
      running.delete('c');
      await producing;
      await waitFor(async () => (await committedTotal(groupId, input)) === RECORDS, {
        timeoutMs: 120_000,
        description: 'two instances to commit the whole input',
      });

      // Every instance took part, or the rebalances moved nothing.
      expect([...handledBy.keys()].sort()).toEqual(['a', 'b', 'c']);
      for (const runner of running.values()) expect(runner.fencedPartitions()).toEqual([]);
    } finally {
      await Promise.all([...running.values()].map((runner) => runner.stop()));
      await producing.catch(() => undefined);
    }

    const values = (await readCommitted(clientFor('reader'), output, 120_000)).map((record) => record.value);
    const expected = Array.from({ length: RECORDS }, (_, n) => `out-${n}`);
    expect(duplicatesAndGaps(values, expected)).toEqual({ duplicates: [], gaps: [], unexpected: [] });
    expect(values).toHaveLength(RECORDS);
  }, 400_000);

  /** Values `0`..`RECORDS-1`, round-robin over the partitions, in small sends spread over ~30 s. */
  async function produceSteadily(kafka: Kafka, topic: string): Promise<void> {
    const producer = createProducer(kafka);
    await producer.connect();
    try {
      const chunk = 100;
      for (let start = 0; start < RECORDS; start += chunk) {
        const messages = Array.from({ length: chunk }, (_, i) => ({
          partition: (start + i) % PARTITIONS,
          value: String(start + i),
        }));
        await producer.send({ topic, messages });
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    } finally {
      await producer.disconnect();
    }
  }

  function clientFor(name: string): Kafka {
    // Rebalances make kafkajs log every heartbeat answer as an error; the assertions say what matters.
    const quiet = () => undefined;
    return createKafkaClient({
      brokers,
      clientId: uniqueName(`tx-rebalance-${name}`),
      logger: { error: quiet, warn: quiet, info: quiet, debug: quiet },
    });
  }

  async function committedTotal(groupId: string, topic: string): Promise<number> {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return offsets?.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0) ?? 0;
  }
});
