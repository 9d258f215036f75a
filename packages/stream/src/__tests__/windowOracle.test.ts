import type { MergeableAggregateFunction } from '../aggregate/AggregateFunction.js';
import type { DataStream } from '../datastream/DataStream.js';
import { OutputTag } from '../datastream/OutputTag.js';
import { StreamJob } from '../datastream/StreamJob.js';
import { eventTime } from '../time/TimeSemantics.js';
import { sessionWindows, slidingWindows, tumblingWindows } from '../window/WindowAssigner.js';
import type { WindowOptions } from '../window/WindowOptions.js';
import type { WindowResult } from '../window/WindowResult.js';
import { collect } from './collect.js';
import { outOfOrderEvents } from './outOfOrderEvents.js';
import type { OracleEvent } from './outOfOrderEvents.js';
import { sessionOracle, slidingOracle, watermarksOnArrival } from './windowOracle.js';
import type { OracleResult, Totals } from './windowOracle.js';

const PARTITIONS = 3;
const BOUND_MS = 2_000;
const LATENESS_MS = 5_000;
const TUMBLING_MS = 10_000;
const SLIDING = { sizeMs: 30_000, slideMs: 10_000 };
const GAP_MS = 3_000;

const events = outOfOrderEvents({
  seed: 20_240_115,
  events: 50_000,
  keys: 200,
  partitions: PARTITIONS,
  stepMs: 20,
  boundMs: BOUND_MS,
  delayedShare: 0.03,
  maxDelayMs: BOUND_MS + LATENESS_MS + 30_000,
  // Watermarks are max t − 2_001, so with t on a 1 s grid they often sit exactly on a window's
  // end − 1 + lateness, or on a session's t + gap − 1 + lateness.
  gridShare: 0.3,
  gridMs: 1_000,
});

const totals: MergeableAggregateFunction<OracleEvent, Totals, Totals> = {
  createAccumulator: () => ({ count: 0, sum: 0 }),
  add: (acc, event) => ({ count: acc.count + 1, sum: acc.sum + event.amount }),
  getResult: (acc) => ({ ...acc }),
  merge: (a, b) => ({ count: a.count + b.count, sum: a.sum + b.sum }),
};

async function stream(batchSize: number) {
  const job = new StreamJob();
  const byKey = job
    .fromArray(events, {
      partitions: PARTITIONS,
      partitionOf: (event) => event.partition,
      time: eventTime((event: OracleEvent) => event.t, { maxOutOfOrdernessMs: BOUND_MS }),
    })
    .keyBy((event) => event.key);
  const windowed = (
    kind: string,
    aggregate: (options: WindowOptions<OracleEvent>) => DataStream<WindowResult<string, Totals>>,
  ) => {
    const late = new OutputTag<OracleEvent>(`late-${kind}`);
    const results = aggregate({ allowedLatenessMs: LATENESS_MS, lateOutput: late });
    return { results: collect(results), late: collect(results.sideOutput(late)) };
  };
  const outputs = {
    tumbling: windowed('tumbling', (options) =>
      byKey.window(tumblingWindows(TUMBLING_MS), options).aggregate(totals),
    ),
    sliding: windowed('sliding', (options) =>
      byKey.window(slidingWindows(SLIDING.sizeMs, SLIDING.slideMs), options).aggregate(totals),
    ),
    session: windowed('session', (options) =>
      byKey.window(sessionWindows(GAP_MS), options).aggregate(totals),
    ),
  };
  const stats = await job.run({ batchSize });
  return { outputs, stats };
}

/** The results that stand at the end: the last one per window, retracted windows removed. */
function finalResults(results: WindowResult<string, Totals>[]): Map<string, Totals> {
  const windows = new Map<string, Totals>();
  for (const { key, window, value, kind } of results) {
    const id = `${key} ${window.start} ${window.end}`;
    if (kind === 'retraction') windows.delete(id);
    else windows.set(id, value);
  }
  return windows;
}

const sorted = (windows: Map<string, Totals>) => [...windows.entries()].sort(([a], [b]) => (a < b ? -1 : 1));

describe('windowed aggregates against a brute-force batch computation', () => {
  const watermarks = watermarksOnArrival(events, PARTITIONS, BOUND_MS);
  const oracles: Record<'tumbling' | 'sliding' | 'session', OracleResult> = {
    tumbling: slidingOracle(events, watermarks, TUMBLING_MS, TUMBLING_MS, LATENESS_MS),
    sliding: slidingOracle(events, watermarks, SLIDING.sizeMs, SLIDING.slideMs, LATENESS_MS),
    session: sessionOracle(events, watermarks, GAP_MS, LATENESS_MS),
  };
  let run: Awaited<ReturnType<typeof stream>>;

  beforeAll(async () => {
    run = await stream(1_000);
  });

  it('covers the cases it claims to: late, late-but-allowed, boundaries, merges', () => {
    expect(events).toHaveLength(50_000);
    expect(events.filter((event) => event.t % TUMBLING_MS === 0).length).toBeGreaterThan(500);
    for (const oracle of Object.values(oracles)) expect(oracle.late.length).toBeGreaterThan(100);
    const kinds = (results: WindowResult<string, Totals>[]) => new Set(results.map((result) => result.kind));
    expect(kinds(run.outputs.tumbling.results)).toEqual(new Set(['on-time', 'late']));
    expect(kinds(run.outputs.sliding.results)).toEqual(new Set(['on-time', 'late']));
    expect(kinds(run.outputs.session.results)).toEqual(new Set(['on-time', 'late', 'retraction']));
  });

  it.each(['tumbling', 'sliding', 'session'] as const)(
    '%s: the standing results equal the batch computation',
    (kind) => {
      const streamed = finalResults(run.outputs[kind].results);
      expect(streamed.size).toBe(oracles[kind].windows.size);
      expect(sorted(streamed)).toEqual(sorted(oracles[kind].windows));
    },
  );

  it.each(['tumbling', 'sliding', 'session'] as const)(
    '%s: the late output holds exactly the late events',
    (kind) => {
      expect(run.outputs[kind].late.map((event) => event.id)).toEqual(oracles[kind].late);
    },
  );

  it('counts every late event', () => {
    const lateTotal = Object.values(oracles).reduce((sum, oracle) => sum + oracle.late.length, 0);
    expect(run.stats.lateRecords).toBe(lateTotal);
  });

  it('gives the same output sequence whatever the batch size', async () => {
    const other = await stream(37);
    expect(other.outputs.session.results).toEqual(run.outputs.session.results);
    expect(other.outputs.sliding.results).toEqual(run.outputs.sliding.results);
  });
});
