import { runConsumer } from '@streamforge/kafka';
import type { ConsumerRecord, ConsumerRunner } from '@streamforge/kafka';
import { waitFor } from '@streamforge/testing';
import { ConsumerScenario, repeated, work } from './ConsumerScenario.js';

const PARTITIONS = 4;
const COUNT = 1_200;
const CONCURRENCY = 3;
const MAX_UNCOMMITTED = 40;

/**
 * A second member joins mid-stream: kafkajs revokes every partition of the first (eager rebalance).
 * The first keeps the partitions it gets back without handling their records twice, gives up the
 * others after committing what it finished, and the second starts those at the committed offsets.
 */
describe('runConsumer: rebalance', () => {
  let scenario: ConsumerScenario;
  const runners: ConsumerRunner[] = [];

  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.stop()));
    await scenario?.close();
  });

  it('hands partitions over at the committed watermark: nothing lost, nothing repeated within a member', async () => {
    scenario = await ConsumerScenario.start('consumer-rebalance', PARTITIONS);
    await scenario.produce(
      Array.from({ length: COUNT }, (_, i) => ({
        key: `key-${i % 31}`,
        value: String(i),
        partition: i % PARTITIONS,
      })),
    );
    const start = async (handled: ConsumerRecord[]) => {
      const runner = await runConsumer({
        kafka: scenario.kafka,
        groupId: scenario.groupId,
        topics: [scenario.topic],
        fromBeginning: true,
        concurrency: CONCURRENCY,
        maxInFlightPerPartition: 20,
        maxUncommittedPerPartition: MAX_UNCOMMITTED,
        maxWaitTimeInMs: 100,
        commitIntervalMs: 500,
        handler: async (record) => {
          await work(4 + ((Number(record.message.value) * 7919) % 9));
          handled.push(record);
        },
      });
      runners.push(runner);
      return runner;
    };

    const first: ConsumerRecord[] = [];
    const second: ConsumerRecord[] = [];
    const firstRunner = await start(first);
    await waitFor(() => first.length >= 150, { timeoutMs: 20_000, description: '150 handled by the first' });
    const secondRunner = await start(second);
    await waitFor(() => second.length > 0, { timeoutMs: 20_000, description: 'the second member handling' });
    const ownedByFirst = new Set(firstRunner.inFlight().map((flow) => flow.partition));
    const ownedBySecond = new Set(secondRunner.inFlight().map((flow) => flow.partition));

    const values = () => new Set([...first, ...second].map((r) => String(r.message.value)));
    await waitFor(() => values().size === COUNT, { timeoutMs: 30_000, description: 'every record handled' });
    // Time for a late duplicate to show.
    await work(1_000);
    await Promise.all(runners.splice(0).map((runner) => runner.stop()));

    // The partitions were split between the two members.
    expect(ownedByFirst.size).toBeGreaterThan(0);
    expect(ownedBySecond.size).toBeGreaterThan(0);
    expect([...ownedByFirst].filter((p) => ownedBySecond.has(p))).toEqual([]);
    // Nothing lost.
    expect([...values()].sort()).toEqual(Array.from({ length: COUNT }, (_, i) => String(i)).sort());
    // A member never handles a record twice: partitions it kept skip the re-fetch from the committed
    // offset that kafkajs does after every rebalance.
    expect(repeated(first.map((r) => String(r.message.value)))).toEqual([]);
    expect(repeated(second.map((r) => String(r.message.value)))).toEqual([]);
    // Records handled by both are those the first finished on a moved partition after its last
    // commit: at most the handlers running when the rebalance began, plus the finished records
    // above a watermark (bounded by maxUncommittedPerPartition).
    const secondValues = new Set(second.map((r) => String(r.message.value)));
    const both = first.filter((r) => secondValues.has(String(r.message.value)));
    expect(both.every((r) => ownedBySecond.has(r.partition))).toBe(true);
    expect(both.length).toBeLessThanOrEqual(CONCURRENCY + MAX_UNCOMMITTED * ownedBySecond.size);
    // Both left with everything committed.
    expect(await scenario.committedOffsets()).toEqual(await scenario.endOffsets());
  });
});
