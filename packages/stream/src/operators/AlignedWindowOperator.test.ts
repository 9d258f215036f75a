import { collect } from '../__tests__/collect.js';
import { count, reducing } from '../aggregate/AggregateFunction.js';
import { OutputTag } from '../datastream/OutputTag.js';
import { StreamJob } from '../datastream/StreamJob.js';
import { eventTime, ingestionTime, processingTime } from '../time/TimeSemantics.js';
import { globalWindows, slidingWindows, tumblingWindows } from '../window/WindowAssigner.js';
import type { WindowResult } from '../window/WindowResult.js';

interface Event {
  key: string;
  t: number;
}

const at = (key: string, t: number): Event => ({ key, t });
const byTime = (maxOutOfOrdernessMs = 0) => eventTime((event: Event) => event.t, { maxOutOfOrdernessMs });
const summary = (results: WindowResult<string, number>[]) =>
  results.map(({ key, window, value, kind }) => `${key}[${window.start},${window.end})=${value} ${kind}`);

describe('tumbling windows', () => {
  it('count per key and window, in window order and then key order', async () => {
    const job = new StreamJob();
    const results = collect(
      job
        .fromArray([at('b', 1), at('a', 2), at('a', 9), at('a', 10), at('b', 25)], { time: byTime(10) })
        .keyBy((event) => event.key)
        .window(tumblingWindows(10))
        .aggregate(count()),
    );
    await job.run();
    expect(summary(results)).toEqual([
      'a[0,10)=2 on-time',
      'b[0,10)=1 on-time',
      'a[10,20)=1 on-time',
      'b[20,30)=1 on-time',
    ]);
  });

  it('put a value at the end timestamp into the next window and close a window at watermark = end - 1', async () => {
    const job = new StreamJob();
    const late = new OutputTag<Event>('late');
    const stream = job
      .fromArray([at('a', 1), at('a', 10), at('a', 2)], { time: byTime(0) })
      .keyBy((event) => event.key)
      .window(tumblingWindows(10), { lateOutput: late })
      .aggregate(count());
    const results = collect(stream);
    const lateValues = collect(stream.sideOutput(late));
    const stats = await job.run();
    // a@10 makes the watermark 9: [0, 10) closes with one value and a@2 is late.
    expect(summary(results)).toEqual(['a[0,10)=1 on-time', 'a[10,20)=1 on-time']);
    expect(lateValues).toEqual([at('a', 2)]);
    expect(stats.lateRecords).toBe(1);
  });

  it('close a window right after the record that moves the watermark to end - 1', () => {
    const job = new StreamJob();
    job
      .fromArray<Event>([], { name: 'events', time: byTime(5) })
      .keyBy((event) => event.key)
      .window(tumblingWindows(10))
      .aggregate(count())
      .subscribe(() => undefined);
    const task = job.createTask({ now: 0 });
    expect(task.process('events', 0, [{ value: at('a', 1) }, { value: at('a', 14) }], 0).outputs).toEqual([]);
    expect(task.process('events', 0, [{ value: at('a', 15) }], 0).outputs[0]?.values).toEqual([
      { key: 'a', window: { start: 0, end: 10 }, value: 1, kind: 'on-time' },
    ]);
  });

  it('take a value the bound behind the largest timestamp as on time', async () => {
    const job = new StreamJob();
    const results = collect(
      job
        .fromArray([at('a', 1), at('a', 15), at('a', 5)], { time: byTime(10) })
        .keyBy((event) => event.key)
        .window(tumblingWindows(10))
        .aggregate(count()),
    );
    await job.run();
    expect(summary(results)).toEqual(['a[0,10)=2 on-time', 'a[10,20)=1 on-time']);
  });

  it('re-emit a window for each late but allowed value, then send later ones to the late output', async () => {
    const job = new StreamJob();
    const late = new OutputTag<Event>('late');
    const stream = job
      .fromArray([at('a', 1), at('a', 12), at('a', 3), at('a', 20), at('a', 4)], { time: byTime(0) })
      .keyBy((event) => event.key)
      .window(tumblingWindows(10), { allowedLatenessMs: 5, lateOutput: late })
      .aggregate(count());
    const results = collect(stream);
    const lateValues = collect(stream.sideOutput(late));
    await job.run();
    expect(summary(results)).toEqual([
      'a[0,10)=1 on-time', // watermark 11
      'a[0,10)=2 late', // a@3: 9 + 5 > 11, still allowed
      'a[10,20)=1 on-time', // watermark 19: [0, 10) is dropped (9 + 5 ≤ 19)
      'a[20,30)=1 on-time',
    ]);
    expect(lateValues).toEqual([at('a', 4)]);
  });

  it('start windows at the offset', async () => {
    const job = new StreamJob();
    const results = collect(
      job
        .fromArray([at('a', 4), at('a', 5), at('a', 14)], { time: byTime(100) })
        .keyBy((event) => event.key)
        .window(tumblingWindows(10, { offsetMs: 5 }))
        .aggregate(count()),
    );
    await job.run();
    expect(summary(results)).toEqual(['a[-5,5)=1 on-time', 'a[5,15)=2 on-time']);
  });

  it('reduce values to one of their type', async () => {
    const job = new StreamJob();
    const results = collect(
      job
        .fromArray([at('a', 1), at('a', 7), at('a', 3)], { time: byTime(10) })
        .keyBy((event) => event.key)
        .window(tumblingWindows(10))
        .reduce((x, y) => (x.t >= y.t ? x : y)),
    );
    await job.run();
    expect(results.map((result) => result.value)).toEqual([at('a', 7)]);
  });
});

describe('sliding windows', () => {
  it('count a value in every window that holds it', async () => {
    const job = new StreamJob();
    const results = collect(
      job
        .fromArray([at('a', 25), at('a', 31)], { time: byTime(100) })
        .keyBy((event) => event.key)
        .window(slidingWindows(30, 10))
        .aggregate(count()),
    );
    await job.run();
    expect(summary(results)).toEqual([
      'a[0,30)=1 on-time',
      'a[10,40)=2 on-time',
      'a[20,50)=2 on-time',
      'a[30,60)=1 on-time',
    ]);
  });

  it('still count a value in the windows that are open when older ones are gone', async () => {
    const job = new StreamJob();
    const late = new OutputTag<Event>('late');
    const stream = job
      .fromArray([at('a', 40), at('a', 25), at('a', 5)], { time: byTime(0) })
      .keyBy((event) => event.key)
      .window(slidingWindows(30, 10), { lateOutput: late })
      .aggregate(count());
    const results = collect(stream);
    const lateValues = collect(stream.sideOutput(late));
    await job.run();
    // Watermark 39: a@25 belongs to [0,30), [10,40), [20,50); only [20, 50) is still open.
    // a@5 belongs only to windows that ended by 39: late.
    expect(summary(results)).toEqual(['a[20,50)=2 on-time', 'a[30,60)=1 on-time', 'a[40,70)=1 on-time']);
    expect(lateValues).toEqual([at('a', 5)]);
  });
});

describe('early firing', () => {
  it('emits early results every N values of a pane', async () => {
    const job = new StreamJob();
    const results = collect(
      job
        .fromArray([at('a', 1), at('a', 2), at('b', 3), at('a', 4), at('a', 5)], { time: byTime(100) })
        .keyBy((event) => event.key)
        .window(tumblingWindows(10), { early: { everyValues: 2 } })
        .aggregate(count()),
    );
    await job.run();
    expect(summary(results)).toEqual([
      'a[0,10)=2 early',
      'a[0,10)=4 early',
      'a[0,10)=4 on-time',
      'b[0,10)=1 on-time',
    ]);
  });

  it('emits early results of the panes that changed, every N ms of processing time', () => {
    const job = new StreamJob();
    const results = collect(
      job
        .fromArray<Event>([], { name: 'events', time: byTime(1_000) })
        .keyBy((event) => event.key)
        .window(tumblingWindows(100), { early: { everyMs: 1_000 } })
        .aggregate(count()),
    );
    const task = job.createTask({ now: 0 });
    const records = (...events: Event[]) => events.map((value) => ({ value }));
    task.process('events', 0, records(at('a', 1), at('b', 2)), 0);
    task.process('events', 0, records(at('a', 3)), 999);
    expect(task.advanceTime(1_000).outputs[0]?.values).toEqual([
      { key: 'a', window: { start: 0, end: 100 }, value: 2, kind: 'early' },
      { key: 'b', window: { start: 0, end: 100 }, value: 1, kind: 'early' },
    ]);
    task.process('events', 0, records(at('b', 4)), 1_500);
    expect(task.advanceTime(1_999).outputs).toEqual([]);
    expect(task.advanceTime(2_000).outputs[0]?.values).toEqual([
      { key: 'b', window: { start: 0, end: 100 }, value: 2, kind: 'early' },
    ]);
    expect(results).toEqual([]);
  });
});

describe('global windows', () => {
  it('fire on their trigger and close when the input ends', async () => {
    const job = new StreamJob();
    const results = collect(
      job
        .fromArray([at('a', 1), at('a', 2), at('b', 3), at('a', 4), at('a', 5), at('a', 6)], {
          time: byTime(),
        })
        .keyBy((event) => event.key)
        .window(
          globalWindows<Event>({
            onElement: (event, pane) =>
              event.t === 5 ? 'fire' : pane.count >= 2 ? 'fire-and-purge' : 'continue',
          }),
        )
        .aggregate(count()),
    );
    await job.run();
    expect(results.map(({ key, value, kind }) => `${key}=${value} ${kind}`)).toEqual([
      'a=2 on-time', // a@1, a@2: purged
      'a=2 early', // a@4, a@5: fired, kept
      'a=3 on-time', // a@6: purged
      'b=1 on-time', // the input ended
    ]);
  });
});

describe('time semantics', () => {
  it('windows by processing time close as the clock passes their end', () => {
    const job = new StreamJob();
    job
      .fromArray<Event>([], { name: 'clicks', time: processingTime() })
      .keyBy((event) => event.key)
      .window(tumblingWindows(10))
      .aggregate(count())
      .subscribe(() => undefined);
    const task = job.createTask({ now: 0 });
    task.process('clicks', 0, [{ value: at('a', 999) }, { value: at('a', 0) }], 5);
    expect(task.advanceTime(9).outputs).toEqual([]);
    expect(task.advanceTime(10).outputs[0]?.values).toEqual([
      { key: 'a', window: { start: 0, end: 10 }, value: 2, kind: 'on-time' },
    ]);
  });

  it('windows by ingestion time use the timestamp the runner passes', () => {
    const job = new StreamJob();
    job
      .fromArray<Event>([], { name: 'clicks', time: ingestionTime() })
      .keyBy((event) => event.key)
      .window(tumblingWindows(10))
      .aggregate(count())
      .subscribe(() => undefined);
    const task = job.createTask({ now: 0 });
    const result = task.process(
      'clicks',
      0,
      [
        { value: at('a', 0), timestamp: 3 },
        { value: at('a', 0), timestamp: 12 },
      ],
      500,
    );
    expect(result.outputs[0]?.values).toEqual([
      { key: 'a', window: { start: 0, end: 10 }, value: 1, kind: 'on-time' },
    ]);
  });
});

describe('reducing', () => {
  it('merges partial reductions', () => {
    const max = reducing((a: number, b: number) => Math.max(a, b));
    expect(
      max.getResult(max.merge(max.add(max.createAccumulator(), 3), max.add(max.createAccumulator(), 5))),
    ).toBe(5);
    expect(max.merge([], [2])).toEqual([2]);
  });
});
