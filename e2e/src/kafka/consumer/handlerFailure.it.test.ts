import { ConsumerHandlerError, runConsumer } from '@streamforge/kafka';
import type { ConsumerRecord, ConsumerRunner, RecordErrorPolicy } from '@streamforge/kafka';
import { waitFor } from '@streamforge/testing';
import { ConsumerScenario, repeated, work } from './ConsumerScenario.js';

const PER_PARTITION = 100;
const POISON_OFFSET = 40;

/** A record that keeps failing: without a policy it stops the runner below itself; `skip` lets it pass. */
describe('runConsumer: handler failure', () => {
  let scenario: ConsumerScenario;
  const runners: ConsumerRunner[] = [];

  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.stop()));
    await scenario?.close();
  });

  it('stops at a failed record, commits below it, and never runs its key past it; a skip policy then passes it', async () => {
    scenario = await ConsumerScenario.start('consumer-failure', 2);
    // Offsets of a fresh topic written without transactions are 0, 1, 2, ... per partition.
    await scenario.produce(
      [0, 1].flatMap((partition) =>
        Array.from({ length: PER_PARTITION }, (_, i) => ({
          key: `k${i % 10}`,
          value: partition === 0 && i === POISON_OFFSET ? 'poison' : `p${partition}-${i}`,
          partition,
        })),
      ),
    );

    const start = async (handled: ConsumerRecord[], onError?: RecordErrorPolicy) => {
      const runner = await runConsumer({
        kafka: scenario.kafka,
        groupId: scenario.groupId,
        topics: [scenario.topic],
        fromBeginning: true,
        concurrency: 4,
        maxInFlightPerPartition: 30,
        maxWaitTimeInMs: 100,
        ...(onError ? { onError } : {}),
        handler: async (record) => {
          await work(Number(record.message.offset) % 5);
          if (String(record.message.value) === 'poison') throw new Error('cannot decode');
          handled.push(record);
        },
      });
      runners.push(runner);
      return runner;
    };

    const first: ConsumerRecord[] = [];
    const firstRunner = await start(first);
    const failure = await firstRunner.stopped.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ConsumerHandlerError);
    expect((failure as ConsumerHandlerError).context).toEqual({
      topic: scenario.topic,
      partition: 0,
      offset: String(POISON_OFFSET),
    });
    expect(((failure as ConsumerHandlerError).cause as Error).message).toBe('cannot decode');

    // Partition 0 is committed exactly up to the poison record: everything below it finished.
    const committed = await scenario.committedOffsets();
    expect(committed.get(0)).toBe(POISON_OFFSET);
    const handledOf = (partition: number) =>
      first
        .filter((r) => r.partition === partition)
        .map((r) => Number(r.message.offset))
        .sort((a, b) => a - b);
    expect(handledOf(0).filter((o) => o < POISON_OFFSET)).toEqual(
      Array.from({ length: POISON_OFFSET }, (_, i) => i),
    );
    // The poison record's key never ran past it.
    expect(
      first
        .filter((r) => r.partition === 0 && Number(r.message.offset) % 10 === POISON_OFFSET % 10)
        .map((r) => Number(r.message.offset)),
    ).toEqual(Array.from({ length: POISON_OFFSET / 10 }, (_, i) => i * 10));
    // Partition 1 drained what it had taken and committed exactly that.
    const onPartition1 = handledOf(1);
    expect(onPartition1).toEqual(Array.from({ length: committed.get(1) ?? 0 }, (_, i) => i));

    // A policy that skips undecodable records lets a second runner pass the poison record.
    const second: ConsumerRecord[] = [];
    const skipped: string[] = [];
    await start(second, (error, record) => {
      skipped.push(`${record.partition}:${record.message.offset}:${(error as Error).message}`);
      return 'skip';
    });
    await waitFor(
      async () => {
        const [offsets, ends] = [await scenario.committedOffsets(), await scenario.endOffsets()];
        return offsets.get(0) === ends.get(0) && offsets.get(1) === ends.get(1);
      },
      { timeoutMs: 30_000, description: 'the group at the log end' },
    );
    expect(skipped).toEqual([`0:${POISON_OFFSET}:cannot decode`]);
    // Every other record handled; the only repeats are partition 0's records above the poison that
    // finished before the stop (the committed offset could not pass the poison record).
    const values = [...first, ...second].map((r) => String(r.message.value));
    expect(new Set(values).size).toBe(2 * PER_PARTITION - 1);
    for (const value of repeated(values)) {
      const [partition, index] = value.slice(1).split('-').map(Number);
      expect(partition).toBe(0);
      expect(index).toBeGreaterThan(POISON_OFFSET);
    }
  });
});
