import { createKafkaClient, runTransactional } from '@streamforge/kafka';
import { startKafka, uniqueName, waitFor } from '@streamforge/testing';
import type { Admin, Kafka } from 'kafkajs';
import { produceNumbered } from './produceNumbered.js';
import { duplicatesAndGaps, readCommitted } from './readCommitted.js';

/** A handler that throws once: its batch is aborted, fetched again, and each output appears exactly once. */
describe('runTransactional: handler error', () => {
  let kafka: Kafka;
  let admin: Admin;

  beforeAll(async () => {
    const { brokers } = await startKafka();
    kafka = createKafkaClient({ brokers, clientId: uniqueName('tx-abort') });
    admin = kafka.admin();
    await admin.connect();
  });
  afterAll(() => admin.disconnect());

  it('aborts the failing batch and reprocesses its records exactly once', async () => {
    const input = uniqueName('tx-abort-in');
    const output = uniqueName('tx-abort-out');
    const groupId = uniqueName('tx-abort-group');
    const count = 300;
    await admin.createTopics({
      topics: [
        { topic: input, numPartitions: 3 },
        { topic: output, numPartitions: 3 },
      ],
      waitForLeaders: true,
    });
    await produceNumbered(kafka, input, count, 3);

    const poisoned = '150';
    let throws = 0;
    const handledPoisoned: string[] = [];
    const runner = await runTransactional({
      kafka,
      groupId,
      topics: [input],
      transactionalIdPrefix: uniqueName('tx-abort-tx'),
      fromBeginning: true,
      handler: async ({ messages }) => {
        const values = messages.map((m) => String(m.value));
        if (values.includes(poisoned)) {
          handledPoisoned.push(values.join(','));
          if (throws === 0) {
            throws++;
            throw new Error(`poisoned record ${poisoned}`);
          }
        }
        return [{ topic: output, messages: values.map((value) => ({ value: `out-${value}` })) }];
      },
    });
    try {
      await waitFor(
        async () => {
          const [offsets] = await admin.fetchOffsets({ groupId, topics: [input] });
          return offsets?.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0) === count;
        },
        { timeoutMs: 60_000, description: 'the group to commit every input offset' },
      );
    } finally {
      await runner.stop();
    }

    expect(throws).toBe(1);
    // Handed over again after the abort, starting with the same records.
    expect(handledPoisoned.length).toBeGreaterThanOrEqual(2);
    expect(handledPoisoned[1]?.split(',')[0]).toBe(handledPoisoned[0]?.split(',')[0]);
    const values = (await readCommitted(kafka, output)).map((record) => record.value);
    const expected = Array.from({ length: count }, (_, n) => `out-${n}`);
    expect(duplicatesAndGaps(values, expected)).toEqual({ duplicates: [], gaps: [], unexpected: [] });
    expect(values).toHaveLength(count);
  });
});
