import { runConsumer } from '@streamforge/kafka';
import type { ConsumerRecord, ConsumerRunner } from '@streamforge/kafka';
import { waitFor } from '@streamforge/testing';
import { ConsumerScenario, repeated, work } from './ConsumerScenario.js';

const PARTITIONS = 3;
const COUNT = 900;

/**
 * stop() commits: it stops fetching, lets every accepted record finish, commits the watermarks and
 * leaves; a second runner in the group then gets exactly the records the first did not handle.
 */
describe('runConsumer: graceful stop', () => {
  let scenario: ConsumerScenario;
  const runners: ConsumerRunner[] = [];

  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.stop()));
    await scenario?.close();
  });

  it('commits what it handled on stop, so the next runner handles exactly the rest, none lost or repeated', async () => {
    scenario = await ConsumerScenario.start('consumer-stop', PARTITIONS);
    // Transactions of 50: their commit markers take offsets of their own, which the committed
    // offset must step over for the lag to reach zero.
    await scenario.produce(
      Array.from({ length: COUNT }, (_, i) => ({
        key: i % 13 === 0 ? null : `key-${i % 29}`,
        value: String(i),
        partition: i % PARTITIONS,
      })),
      50,
    );
    const all = Array.from({ length: COUNT }, (_, i) => String(i));

    const start = async (handled: ConsumerRecord[]) => {
      const runner = await runConsumer({
        kafka: scenario.kafka,
        groupId: scenario.groupId,
        topics: [scenario.topic],
        fromBeginning: true,
        concurrency: 6,
        maxInFlightPerPartition: 30,
        maxWaitTimeInMs: 100,
        // Long enough that only stop() commits during the first run.
        commitIntervalMs: 60_000,
        handler: async (record) => {
          await work((Number(record.message.value) * 7919) % 17);
          handled.push(record);
        },
      });
      runners.push(runner);
      return runner;
    };

    const first: ConsumerRecord[] = [];
    const firstRunner = await start(first);
    await waitFor(() => first.length >= COUNT / 3, { timeoutMs: 30_000, description: 'a third handled' });
    // Stopped mid-stream: records are running and waiting behind their keys.
    const inFlightAtStop = firstRunner.inFlight().reduce((sum, flow) => sum + flow.inFlight, 0);
    const report = await firstRunner.stop();
    expect(inFlightAtStop).toBeGreaterThan(0);
    expect(report.drained).toBe(true);
    expect(report.unfinished).toBe(0);
    await expect(firstRunner.stopped).resolves.toBeUndefined();
    const handledBeforeStop = first.length;

    // What the group committed is what the report says, and it covers exactly what was handled.
    const committed = await scenario.committedOffsets();
    expect(
      report.committed
        .map(({ partition, offset }) => [partition, Number(offset)])
        .sort((a, b) => a[0]! - b[0]!),
    ).toEqual([...committed].filter(([, offset]) => offset >= 0).sort((a, b) => a[0] - b[0]));
    for (const record of first)
      expect(Number(record.message.offset)).toBeLessThan(committed.get(record.partition) ?? -1);

    const second: ConsumerRecord[] = [];
    const secondRunner = await start(second);
    await waitFor(() => first.length + second.length >= COUNT, {
      timeoutMs: 30_000,
      description: 'the rest handled by the second runner',
    });
    // Time for a duplicate to show, were the committed offsets wrong.
    await work(1_500);
    await secondRunner.stop();

    // Exact set oracle: the first runner handled nothing after its stop; the two runs are disjoint and
    // together hold every record once.
    expect(first).toHaveLength(handledBeforeStop);
    const firstValues = first.map((r) => String(r.message.value));
    const secondValues = second.map((r) => String(r.message.value));
    expect(repeated([...firstValues, ...secondValues])).toEqual([]);
    expect([...firstValues, ...secondValues].sort()).toEqual([...all].sort());
    for (const record of second)
      expect(Number(record.message.offset)).toBeGreaterThanOrEqual(committed.get(record.partition) ?? 0);

    // The final commit stepped over the last transaction markers: the group is at the log end.
    expect(await scenario.committedOffsets()).toEqual(await scenario.endOffsets());
  });
});
