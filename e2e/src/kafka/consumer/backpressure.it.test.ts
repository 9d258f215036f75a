import { runConsumer } from '@streamforge/kafka';
import type { ConsumerRunner, PartitionFlow } from '@streamforge/kafka';
import { waitFor } from '@streamforge/testing';
import { ConsumerScenario, repeated, work } from './ConsumerScenario.js';

const SLOW = 0;
const FAST = 1;
const SLOW_COUNT = 60;
const SLOW_MS = 40;
const FAST_COUNT = 300;
const MAX_IN_FLIGHT = 10;

interface FlowEvent {
  kind: 'pause' | 'resume';
  partition: number;
  at: number;
  inFlight: number;
}

/**
 * Backpressure on a real broker: a partition whose records are slow fills up to its in-flight bound,
 * is paused and resumed as it drains, while another partition keeps flowing.
 */
describe('runConsumer: backpressure', () => {
  let scenario: ConsumerScenario;
  let runner: ConsumerRunner | undefined;

  afterEach(async () => {
    await runner?.stop();
    runner = undefined;
    await scenario?.close();
  });

  it('pauses and resumes a slow partition, never beyond maxInFlightPerPartition, while another keeps flowing', async () => {
    scenario = await ConsumerScenario.start('consumer-backpressure', 2);
    const events: FlowEvent[] = [];
    const flowEvent = (kind: FlowEvent['kind']) => (flow: PartitionFlow) =>
      events.push({ kind, partition: flow.partition, at: Date.now(), inFlight: flow.inFlight });
    // Per partition, how many records at or below each offset have finished; offsets of a fresh topic
    // written without transactions are 0, 1, 2, ...
    const finished = [new Set<number>(), new Set<number>()];
    const boundViolations: string[] = [];
    let maxReported = 0;

    runner = await runConsumer({
      kafka: scenario.kafka,
      groupId: scenario.groupId,
      topics: [scenario.topic],
      fromBeginning: true,
      concurrency: 4,
      maxInFlightPerPartition: MAX_IN_FLIGHT,
      resumeAtInFlight: 4,
      maxWaitTimeInMs: 100,
      listener: { partitionPaused: flowEvent('pause'), partitionResumed: flowEvent('resume') },
      handler: scenario.record(async ({ partition, message }) => {
        const offset = Number(message.offset);
        // Independent oracle: a record starting at `offset` means every record below it on its
        // partition was taken, so those not finished are in flight along with it.
        let unfinished = 1;
        for (let o = 0; o < offset; o++) if (!finished[partition]!.has(o)) unfinished++;
        if (unfinished > MAX_IN_FLIGHT)
          boundViolations.push(`p${partition}@${offset}: ${unfinished} unfinished`);
        const sample = () => {
          for (const flow of runner?.inFlight() ?? []) maxReported = Math.max(maxReported, flow.inFlight);
        };
        sample();
        if (partition === SLOW) await work(SLOW_MS);
        // Later records of a batch are taken after this one started: look again before it finishes.
        sample();
        finished[partition]!.add(offset);
      }),
    });

    // One key on the slow partition, so its records run one at a time.
    await scenario.produce(
      Array.from({ length: SLOW_COUNT }, (_, i) => ({ key: 'slow', value: `s${i}`, partition: SLOW })),
    );
    await waitFor(() => events.some((e) => e.kind === 'pause' && e.partition === SLOW), {
      timeoutMs: 20_000,
      description: 'the slow partition paused',
    });
    // Written only now, while the slow partition is paused.
    const fastWrittenAt = Date.now();
    await scenario.produce(
      Array.from({ length: FAST_COUNT }, (_, i) => ({ key: `k${i % 37}`, value: `f${i}`, partition: FAST })),
    );
    await waitFor(() => scenario.handled.length === SLOW_COUNT + FAST_COUNT, {
      timeoutMs: 30_000,
      description: 'every record handled',
    });

    const handled = scenario.handled;
    expect(repeated(handled.map((h) => h.value))).toEqual([]);
    expect(boundViolations).toEqual([]);
    expect(maxReported).toBeLessThanOrEqual(MAX_IN_FLIGHT);
    expect(maxReported).toBe(MAX_IN_FLIGHT);

    const slowEvents = events.filter((e) => e.partition === SLOW);
    // Paused when full, resumed at the low-water mark, several times over 60 records.
    expect(slowEvents.filter((e) => e.kind === 'pause').length).toBeGreaterThanOrEqual(3);
    expect(slowEvents.filter((e) => e.kind === 'resume').length).toBeGreaterThanOrEqual(2);
    for (const e of slowEvents) expect(e.inFlight).toBe(e.kind === 'pause' ? MAX_IN_FLIGHT : 4);
    // Pauses and resumes alternate.
    expect(slowEvents.every((e, i) => e.kind === (i % 2 === 0 ? 'pause' : 'resume'))).toBe(true);

    // The fast partition flowed while the slow one was paused: all of it was handled before the slow
    // partition finished, and much of it inside the slow partition's paused intervals.
    const slowDone = Math.max(...handled.filter((h) => h.partition === SLOW).map((h) => h.endedAt));
    const fast = handled.filter((h) => h.partition === FAST);
    expect(Math.max(...fast.map((h) => h.endedAt))).toBeLessThan(slowDone);
    const pausedIntervals = slowEvents
      .filter((e) => e.kind === 'pause')
      .map((pause) => {
        const resume = slowEvents.find((e) => e.kind === 'resume' && e.at >= pause.at);
        return [pause.at, resume?.at ?? slowDone] as const;
      });
    const fastWhilePaused = fast.filter((h) =>
      pausedIntervals.some(([from, to]) => h.endedAt >= from && h.endedAt <= to),
    );
    expect(fastWhilePaused.length).toBeGreaterThan(FAST_COUNT / 2);
    expect(Math.min(...fast.map((h) => h.startedAt))).toBeGreaterThanOrEqual(fastWrittenAt);

    // Drained: nothing paused, nothing in flight.
    await waitFor(() => runner!.inFlight().every((flow) => flow.inFlight === 0), { description: 'drained' });
    expect(runner.pausedPartitions()).toEqual([]);
  });
});
