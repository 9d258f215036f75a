import { runConsumer } from '@streamforge/kafka';
import type { ConsumerRunner } from '@streamforge/kafka';
import { waitFor } from '@streamforge/testing';
import type { HandledRecord } from './ConsumerScenario.js';
import { ConsumerScenario, repeated, work } from './ConsumerScenario.js';

const PARTITIONS = 3;
const COUNT = 600;
const CONCURRENCY = 8;

/** Per-key ordered concurrency on a real broker: different keys overlap, one key runs in offset order. */
describe('runConsumer: per-key order', () => {
  let scenario: ConsumerScenario;
  let runner: ConsumerRunner | undefined;

  afterEach(async () => {
    await runner?.stop();
    runner = undefined;
    await scenario?.close();
  });

  it('runs records of different keys at once and records of one key (and null keys) in offset order', async () => {
    scenario = await ConsumerScenario.start('consumer-order', PARTITIONS);
    // 24 keys plus null keys, spread over the partitions by the key partitioner; null-key records are
    // placed explicitly, since the null-key sticky partitioner would put them all on one partition.
    await scenario.produce(
      Array.from({ length: COUNT }, (_, i) =>
        i % 10 === 0
          ? { key: null, value: String(i), partition: i % PARTITIONS }
          : { key: `key-${i % 24}`, value: String(i) },
      ),
    );

    // Reproducible "random" durations, different per record.
    const durationOf = (value: string) => (Number(value) * 7919) % 13;
    runner = await runConsumer({
      kafka: scenario.kafka,
      groupId: scenario.groupId,
      topics: [scenario.topic],
      fromBeginning: true,
      concurrency: CONCURRENCY,
      maxInFlightPerPartition: 40,
      maxWaitTimeInMs: 100,
      handler: scenario.record(({ message }) => work(durationOf(String(message.value)))),
    });
    await waitFor(() => scenario.handled.length >= COUNT, {
      timeoutMs: 30_000,
      description: `${COUNT} records handled`,
    });

    const values = scenario.handled.map((h) => h.value);
    expect(repeated(values)).toEqual([]);
    expect(new Set(values)).toEqual(new Set(Array.from({ length: COUNT }, (_, i) => String(i))));

    // Oracle: group by partition and key (null is one key per partition); in each group the runs,
    // taken in the order they started, are in offset order and each ends before the next starts.
    const groups = new Map<string, HandledRecord[]>();
    for (const h of scenario.handled) {
      const group = `${h.partition}/${h.key ?? '<null>'}`;
      groups.set(group, [...(groups.get(group) ?? []), h]);
    }
    const disorder: string[] = [];
    for (const [group, runs] of groups) {
      const byStart = [...runs].sort((a, b) => a.startSeq - b.startSeq);
      const offsets = byStart.map((h) => h.offset);
      if (offsets.join() !== [...offsets].sort((a, b) => a - b).join())
        disorder.push(`${group} out of order`);
      for (let i = 1; i < byStart.length; i++)
        if (byStart[i]!.startSeq < byStart[i - 1]!.endSeq)
          disorder.push(`${group} overlapped at ${offsets[i]}`);
    }
    expect(disorder).toEqual([]);
    expect([...groups.keys()].filter((g) => g.endsWith('<null>'))).toHaveLength(PARTITIONS);

    // Overlap really happened: within a partition, runs of different keys overlapped often, and the
    // runner used its concurrency without exceeding it.
    let overlapping = 0;
    for (let partition = 0; partition < PARTITIONS; partition++) {
      const runs = scenario.handled
        .filter((h) => h.partition === partition)
        .sort((a, b) => a.startSeq - b.startSeq);
      for (let i = 1; i < runs.length; i++) if (runs[i]!.startSeq < runs[i - 1]!.endSeq) overlapping++;
    }
    expect(overlapping).toBeGreaterThan(COUNT / 4);
    expect(scenario.maxRunning).toBeGreaterThan(1);
    expect(scenario.maxRunning).toBeLessThanOrEqual(CONCURRENCY);
  });
});
