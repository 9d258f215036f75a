import { collect } from '../__tests__/collect.js';
import { count } from '../aggregate/AggregateFunction.js';
import type { MergeableAggregateFunction } from '../aggregate/AggregateFunction.js';
import { OutputTag } from '../datastream/OutputTag.js';
import { StreamJob } from '../datastream/StreamJob.js';
import { eventTime } from '../time/TimeSemantics.js';
import { sessionWindows } from '../window/WindowAssigner.js';
import type { WindowOptions } from '../window/WindowOptions.js';
import type { WindowResult } from '../window/WindowResult.js';

interface Event {
  key: string;
  t: number;
}

const at = (key: string, t: number): Event => ({ key, t });

const timestamps: MergeableAggregateFunction<Event, number[], number[]> = {
  createAccumulator: () => [],
  add: (acc, event) => [...acc, event.t],
  getResult: (acc) => [...acc].sort((a, b) => a - b),
  merge: (a, b) => [...a, ...b],
};

async function sessions(events: Event[], options: WindowOptions<Event> = {}, maxOutOfOrdernessMs = 0) {
  const job = new StreamJob();
  const stream = job
    .fromArray(events, { time: eventTime((event: Event) => event.t, { maxOutOfOrdernessMs }) })
    .keyBy((event) => event.key)
    .window(sessionWindows(10), options)
    .aggregate(timestamps);
  const results = collect(stream);
  const late = options.lateOutput ? collect(stream.sideOutput(options.lateOutput)) : [];
  const stats = await job.run();
  const lines = results.map(
    ({ key, window, value, kind }: WindowResult<string, number[]>) =>
      `${key}[${window.start},${window.end})=${value.join(',')} ${kind}`,
  );
  return { lines, late, stats };
}

describe('session windows', () => {
  it('group values of a key less than a gap apart, [first, last + gap)', async () => {
    const events = [at('a', 0), at('b', 3), at('a', 5), at('a', 14), at('a', 23), at('a', 33)];
    const { lines } = await sessions(events, {}, 100);
    // 23 → 33 is a whole gap: a new session.
    expect(lines).toEqual(['b[3,13)=3 on-time', 'a[0,33)=0,5,14,23 on-time', 'a[33,43)=33 on-time']);
  });

  it('merge sessions bridged by a late but allowed value, retracting the results they had emitted', async () => {
    const { lines } = await sessions([at('a', 0), at('a', 20), at('a', 40), at('a', 9), at('a', 15)], {
      allowedLatenessMs: 100,
    });
    expect(lines).toEqual([
      'a[0,10)=0 on-time', // watermark 19
      'a[20,30)=20 on-time', // watermark 39
      'a[0,10)=0 retraction', // a@9 extends [0, 10) to [0, 19)
      'a[0,19)=0,9 late',
      'a[0,19)=0,9 retraction', // a@15 bridges [0, 19) and [20, 30)
      'a[20,30)=20 retraction',
      'a[0,30)=0,9,15,20 late',
      'a[40,50)=40 on-time',
    ]);
  });

  it('update a fired session in place for a value inside it', async () => {
    const { lines } = await sessions([at('a', 0), at('a', 8), at('a', 30), at('a', 4)], {
      allowedLatenessMs: 50,
    });
    expect(lines).toEqual(['a[0,18)=0,8 on-time', 'a[0,18)=0,4,8 late', 'a[30,40)=30 on-time']);
  });

  it('take a value as late when its own window is past the allowed lateness', async () => {
    const late = new OutputTag<Event>('late');
    const {
      lines,
      late: lateValues,
      stats,
    } = await sessions([at('a', 100), at('a', 85), at('a', 91)], {
      lateOutput: late,
    });
    // Watermark 99: [85, 95) is closed (94 ≤ 99); [91, 101) is not and merges with [100, 110).
    expect(lateValues).toEqual([at('a', 85)]);
    expect(stats.lateRecords).toBe(1);
    expect(lines).toEqual(['a[91,110)=91,100 on-time']);
  });

  it('emit early results every N values, and retract them when the session grows', async () => {
    const { lines } = await sessions(
      [at('a', 0), at('a', 2), at('a', 4)],
      { early: { everyValues: 2 } },
      100,
    );
    expect(lines).toEqual(['a[0,12)=0,2 early', 'a[0,12)=0,2 retraction', 'a[0,14)=0,2,4 on-time']);
  });

  it('drop a session once a value that is not late can no longer reach it', () => {
    const job = new StreamJob();
    job
      .fromArray<Event>([], { name: 'events', time: eventTime((event: Event) => event.t) })
      .keyBy((event) => event.key)
      .window(sessionWindows(10), { allowedLatenessMs: 5 })
      .aggregate(count())
      .subscribe(() => undefined);
    const task = job.createTask({ now: 0 });
    const sessionsInState = () =>
      task.snapshot().filter((entry) => entry.namespace.endsWith('/sessions')).length;
    task.process('events', 0, [{ value: at('a', 0) }], 0);
    // Fires at 9, dropped at 9 + 5 + 10 = 24.
    task.process('events', 0, [{ value: at('b', 24) }], 0);
    expect(sessionsInState()).toBe(2);
    task.process('events', 0, [{ value: at('b', 25) }], 0);
    expect(sessionsInState()).toBe(1);
  });
});
