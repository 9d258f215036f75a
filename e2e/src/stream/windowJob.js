'use strict';
/**
 * The job the stream e2e tests run, in plain CommonJS so that the crash test's child process runs it
 * under bare node against the built @streamforge/stream (there is no ts-node here); windowJob.d.ts
 * types it for the TypeScript tests. Tumbling, sliding and session sums per key, on event time;
 * records with kind "end" only move their partition's watermark (a test's way to close every window).
 */
const {
  StreamJob,
  eventTime,
  sessionWindows,
  slidingWindows,
  tumblingWindows,
} = require('@streamforge/stream');

const WINDOW_JOB = {
  boundMs: 2_000,
  latenessMs: 10_000,
  tumblingMs: 60_000,
  sliding: { sizeMs: 120_000, slideMs: 60_000 },
  gapMs: 20_000,
};

const totals = {
  createAccumulator: () => ({ count: 0, sum: 0 }),
  add: (acc, event) => ({ count: acc.count + 1, sum: acc.sum + event.amount }),
  getResult: (acc) => ({ count: acc.count, sum: acc.sum }),
  merge: (a, b) => ({ count: a.count + b.count, sum: a.sum + b.sum }),
};

/** Blocks the thread: a child's way to spread its run out so that kills land mid-way. */
function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function windowJob({ input, output, slowEveryEvents = 0, slowMs = 0 }) {
  const job = new StreamJob();
  const { boundMs, latenessMs } = WINDOW_JOB;
  let seen = 0;
  const events = job
    .fromKafka({
      topic: input,
      name: 'events',
      decode: (record) => JSON.parse(String(record.value)),
      time: eventTime((event) => event.t, { maxOutOfOrdernessMs: boundMs }),
    })
    .map(
      (event) => {
        if (slowEveryEvents > 0 && ++seen % slowEveryEvents === 0) sleepSync(slowMs);
        return event;
      },
      { name: 'pace' },
    )
    .filter((event) => event.kind !== 'end', { name: 'drop-end' });
  const byKey = events.keyBy((event) => event.key);
  const encode = (op) => (result) => ({
    key: result.key,
    value: JSON.stringify({
      op,
      key: result.key,
      start: result.window.start,
      end: result.window.end,
      kind: result.kind,
      count: result.value.count,
      sum: result.value.sum,
    }),
    // Fixed, so that a replay writes identical records.
    timestamp: result.window.end - 1,
  });
  const options = (name) => ({ allowedLatenessMs: latenessMs, name });
  byKey
    .window(tumblingWindows(WINDOW_JOB.tumblingMs), options('tumbling'))
    .aggregate(totals)
    .toKafka(output, encode('tumbling'), { name: 'tumbling-out' });
  byKey
    .window(slidingWindows(WINDOW_JOB.sliding.sizeMs, WINDOW_JOB.sliding.slideMs), options('sliding'))
    .aggregate(totals)
    .toKafka(output, encode('sliding'), { name: 'sliding-out' });
  byKey
    .window(sessionWindows(WINDOW_JOB.gapMs), options('session'))
    .aggregate(totals)
    .toKafka(output, encode('session'), { name: 'session-out' });
  return job;
}

module.exports = { WINDOW_JOB, windowJob };
