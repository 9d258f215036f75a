import { createKafkaClient, runTransactional } from '@streamforge/kafka';
import type { TransactionalRunner } from '@streamforge/kafka';
import { startKafka, uniqueName, waitFor } from '@streamforge/testing';
import type { Admin, Kafka } from 'kafkajs';
import { produceNumbered } from './produceNumbered.js';
import { duplicatesAndGaps, readCommitted } from './readCommitted.js';

/**
 * Two runners with the same transactional id prefix on the same partition: the later one fences the
 * earlier, whose transaction, held open in its handler, must then fail and leave nothing visible.
 */
describe('runTransactional: fencing', () => {
  let kafka: Kafka;
  let admin: Admin;

  beforeAll(async () => {
    const { brokers } = await startKafka();
    kafka = createKafkaClient({ brokers, clientId: uniqueName('tx-fence') });
    admin = kafka.admin();
    await admin.connect();
  });
  afterAll(() => admin.disconnect());

  it('stops the fenced instance without committing its outputs or offsets', async () => {
    const input = uniqueName('tx-fence-in');
    const output = uniqueName('tx-fence-out');
    const prefix = uniqueName('tx-fence-tx');
    const groupA = uniqueName('tx-fence-a');
    const groupB = uniqueName('tx-fence-b');
    const count = 10;
    await admin.createTopics({
      topics: [
        { topic: input, numPartitions: 1 },
        { topic: output, numPartitions: 1 },
      ],
      waitForLeaders: true,
    });
    await produceNumbered(kafka, input, count, 1);

    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let aEntered = false;
    let aHandled = 0;
    const runners: TransactionalRunner[] = [];
    try {
      const a = await runTransactional({
        kafka,
        groupId: groupA,
        topics: [input],
        transactionalIdPrefix: prefix,
        fromBeginning: true,
        handler: async ({ messages }) => {
          aHandled++;
          aEntered = true;
          await released;
          return [{ topic: output, messages: messages.map((m) => ({ value: `A:${String(m.value)}` })) }];
        },
      });
      runners.push(a);
      await waitFor(() => aEntered, { timeoutMs: 30_000, description: 'A to hold a batch in its handler' });

      const b = await runTransactional({
        kafka,
        groupId: groupB,
        topics: [input],
        transactionalIdPrefix: prefix,
        fromBeginning: true,
        handler: async ({ messages }) => [
          { topic: output, messages: messages.map((m) => ({ value: `B:${String(m.value)}` })) },
        ],
      });
      runners.push(b);
      await waitFor(async () => (await committedTotal(groupB, input)) === count, {
        timeoutMs: 30_000,
        description: 'B to process and commit the whole input',
      });

      release();
      await waitFor(() => a.fencedPartitions().some((p) => p.topic === input && p.partition === 0), {
        timeoutMs: 30_000,
        description: 'A to find itself fenced',
      });
      // Give A room to do anything wrong (retry, commit) before looking.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(aHandled).toBe(1);
      expect(await committedTotal(groupA, input)).toBe(0);
      expect(b.fencedPartitions()).toEqual([]);

      const values = (await readCommitted(kafka, output)).map((record) => record.value);
      const expected = Array.from({ length: count }, (_, n) => `B:${n}`);
      expect(duplicatesAndGaps(values, expected)).toEqual({ duplicates: [], gaps: [], unexpected: [] });
    } finally {
      release();
      await Promise.all(runners.map((runner) => runner.stop()));
    }
  });

  async function committedTotal(groupId: string, topic: string): Promise<number> {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return offsets?.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0) ?? 0;
  }
});
