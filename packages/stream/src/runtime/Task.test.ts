import { count } from '../aggregate/AggregateFunction.js';
import { OutputTag } from '../datastream/OutputTag.js';
import { StreamJob } from '../datastream/StreamJob.js';
import { TaskFailedError } from '../errors.js';
import type { StateMutation } from '../state/StateBackend.js';
import { valueState } from '../state/StateDescriptor.js';
import { eventTime } from '../time/TimeSemantics.js';
import { sessionWindows, slidingWindows, tumblingWindows } from '../window/WindowAssigner.js';
import { randomInt, seededRandom } from '../__tests__/seededRandom.js';
import type { SourceRecord } from '../operators/SourceOperator.js';
import type { Task, TaskBatchResult } from './Task.js';

interface Event {
  key: string;
  t: number;
}

const at = (key: string, t: number): SourceRecord<Event> => ({ value: { key, t } });
const byTime = (options = {}) => eventTime((event: Event) => event.t, options);

/** A job with windows of every kind, a process function with timers, and late outputs. */
function richJob() {
  const job = new StreamJob();
  const events = job.fromArray<Event>([], {
    name: 'events',
    partitions: 2,
    time: byTime({ maxOutOfOrdernessMs: 20 }),
  });
  const byKey = events.keyBy((event) => event.key);
  const late = new OutputTag<Event>('late');
  const tumbling = byKey
    .window(tumblingWindows(50), { allowedLatenessMs: 30, lateOutput: late })
    .aggregate(count());
  tumbling.subscribe(() => undefined, { name: 'tumbling' });
  tumbling.sideOutput(late).subscribe(() => undefined, { name: 'late' });
  byKey
    .window(slidingWindows(60, 20), { allowedLatenessMs: 10, name: 'sliding' })
    .aggregate(count())
    .subscribe(() => undefined, { name: 'sliding-out' });
  byKey
    .window(sessionWindows(15), { allowedLatenessMs: 25 })
    .aggregate(count())
    .subscribe(() => undefined, { name: 'sessions' });
  const seen = valueState<number>('seen');
  byKey
    .process<string>({
      processElement: (event, ctx) => {
        ctx.state(seen).update((ctx.state(seen).value() ?? 0) + 1);
        ctx.registerEventTimeTimer(Math.floor(event.t / 100) * 100 + 99);
      },
      onTimer: (time, ctx) => {
        ctx.emit(`${ctx.key}:${time}:${ctx.state(seen).value()}`);
        ctx.state(seen).clear();
      },
    })
    .subscribe(() => undefined, { name: 'timers' });
  return job;
}

function randomBatches(seed: number, batches: number): Array<[number, SourceRecord<Event>[]]> {
  const random = seededRandom(seed);
  const clocks = [0, 0];
  return Array.from({ length: batches }, () => {
    const partition = randomInt(random, 0, 1);
    const records = Array.from({ length: randomInt(random, 1, 8) }, () => {
      clocks[partition] = (clocks[partition] ?? 0) + randomInt(random, 0, 6);
      const lateness = random() < 0.1 ? randomInt(random, 20, 120) : randomInt(random, 0, 20);
      return at(`k${randomInt(random, 0, 4)}`, Math.max(0, (clocks[partition] ?? 0) - lateness));
    });
    return [partition, records];
  });
}

/** Outputs by sink, in order, over a sequence of results. */
function outputsBySink(results: TaskBatchResult[]): Record<string, unknown[]> {
  const bySink: Record<string, unknown[]> = {};
  for (const result of results) {
    for (const { sink, values } of result.outputs) (bySink[sink] ??= []).push(...values);
  }
  return bySink;
}

/** What a compacted changelog topic would keep: the last mutation per (namespace, key). */
function compact(mutations: StateMutation[]): StateMutation[] {
  const latest = new Map<string, StateMutation>();
  for (const mutation of mutations) {
    const id = `${mutation.namespace}\u0000${mutation.key}`;
    latest.delete(id);
    latest.set(id, mutation);
  }
  return [...latest.values()].filter((mutation) => mutation.op === 'put');
}

describe('Task', () => {
  it('restored from its compacted changelog at any batch, gives the same outputs as an uninterrupted run', () => {
    const job = richJob();
    const batches = randomBatches(7, 120);
    const run = (task: Task, from: number, to: number) =>
      batches.slice(from, to).map(([partition, records]) => task.process('events', partition, records, 0));

    const uninterrupted = job.createTask({ now: 0 });
    const expected = [...run(uninterrupted, 0, batches.length), uninterrupted.finish(0)];
    expect(expected.flatMap((result) => result.late).length).toBeGreaterThan(0);

    for (const cut of [1, 17, 60, 119]) {
      const first = job.createTask({ now: 0 });
      const before = run(first, 0, cut);
      const restored = job.createTask({ now: 0 });
      restored.restore(compact(before.flatMap((result) => result.mutations)));
      const after = [...run(restored, cut, batches.length), restored.finish(0)];
      expect(outputsBySink([...before, ...after])).toEqual(outputsBySink(expected));
    }
  });

  it('restores from a snapshot plus the changelog after it', () => {
    const job = richJob();
    const batches = randomBatches(11, 80);
    const whole = job.createTask({ now: 0 });
    const expected = outputsBySink([
      ...batches.map(([partition, records]) => whole.process('events', partition, records, 0)),
      whole.finish(0),
    ]);

    const first = job.createTask({ now: 0 });
    const before = batches
      .slice(0, 30)
      .map(([partition, records]) => first.process('events', partition, records, 0));
    const snapshot = first.snapshot();
    const changelog = batches
      .slice(30, 50)
      .map(([partition, records]) => first.process('events', partition, records, 0));
    const restored = job.createTask({ now: 0 });
    restored.restore([...snapshot, ...changelog.flatMap((result) => result.mutations)]);
    const after = [
      ...batches.slice(50).map(([partition, records]) => restored.process('events', partition, records, 0)),
      restored.finish(0),
    ];
    expect(outputsBySink([...before, ...changelog, ...after])).toEqual(expected);
  });

  it('resumes each partition from its restored progress, so a partition quiet since does not stall it', () => {
    const job = new StreamJob();
    job
      .fromArray<Event>([], { name: 'events', partitions: 2, time: byTime() })
      .keyBy((event) => event.key)
      .window(tumblingWindows(10))
      .aggregate(count())
      .subscribe(() => undefined);
    const first = job.createTask({ now: 0 });
    const before = [
      first.process('events', 1, [at('b', 30)], 0),
      first.process('events', 0, [at('a', 1)], 0),
    ];
    const restored = job.createTask({ now: 0 });
    restored.restore(compact(before.flatMap((result) => result.mutations)));
    const closing = restored.process('events', 0, [at('a', 20)], 0);
    expect(closing.outputs[0]?.values).toEqual([
      { key: 'a', window: { start: 0, end: 10 }, value: 1, kind: 'on-time' },
    ]);
  });

  it('gives the same outputs whatever the batch boundaries', () => {
    const job = richJob();
    const records = randomBatches(3, 100);
    const byOne = job.createTask({ now: 0 });
    const one = records.flatMap(([partition, batch]) =>
      batch.map((record) => byOne.process('events', partition, [record], 0)),
    );
    const byBatch = job.createTask({ now: 0 });
    const many = records.map(([partition, batch]) => byBatch.process('events', partition, batch, 0));
    expect(outputsBySink([...one, byOne.finish(0)])).toEqual(outputsBySink([...many, byBatch.finish(0)]));
  });

  it('lists the values of all sinks in emission order, whatever the batch boundaries', () => {
    const job = richJob();
    const records = randomBatches(5, 100);
    const byOne = job.createTask({ now: 0 });
    const one = records.flatMap(([partition, batch]) =>
      batch.map((record) => byOne.process('events', partition, [record], 0)),
    );
    one.push(byOne.finish(0));
    const byBatch = job.createTask({ now: 0 });
    const many = records.map(([partition, batch]) => byBatch.process('events', partition, batch, 0));
    many.push(byBatch.finish(0));
    const ordered = one.flatMap((result) => result.emitted);
    expect(many.flatMap((result) => result.emitted)).toEqual(ordered);
    // Several sinks interleave, each in its own order.
    expect(new Set(ordered.map((value) => value.sink)).size).toBeGreaterThan(2);
    const bySink: Record<string, unknown[]> = {};
    for (const { sink, value } of ordered) (bySink[sink] ??= []).push(value);
    expect(bySink).toEqual(outputsBySink(many));
  });

  it('reports each batch state changes as (namespace, key, value | tombstone)', () => {
    const job = new StreamJob();
    job
      .fromArray<Event>([], { name: 'events', time: byTime() })
      .keyBy((event) => event.key)
      .window(tumblingWindows(10), { name: 'counts' })
      .aggregate(count())
      .subscribe(() => undefined);
    const task = job.createTask({ now: 0 });
    expect(task.process('events', 0, [at('a', 1), at('a', 2), at('b', 3)], 0).mutations).toEqual([
      { op: 'put', namespace: 'counts/w/0/10', key: 'a', value: { acc: 2, count: 2 } },
      { op: 'put', namespace: 'counts/w/0/10', key: 'b', value: { acc: 1, count: 1 } },
      { op: 'put', namespace: 'events/watermarks', key: '0', value: 3 },
      { op: 'put', namespace: 'events/watermarks', key: 'watermark', value: 2 },
      { op: 'put', namespace: 'counts/progress', key: 'watermark', value: 2 },
    ]);
    const closing = task.process('events', 0, [at('a', 12)], 0);
    expect(closing.outputs[0]?.values).toHaveLength(2);
    expect(closing.mutations).toEqual(
      expect.arrayContaining([
        { op: 'delete', namespace: 'counts/w/0/10', key: 'a' },
        { op: 'delete', namespace: 'counts/w/0/10', key: 'b' },
        { op: 'put', namespace: 'counts/w/10/20', key: 'a', value: { acc: 1, count: 1 } },
      ]),
    );
  });

  it('lets an idle partition stop holding back the windows of the others', () => {
    const job = new StreamJob();
    job
      .fromArray<Event>([], { name: 'events', partitions: 2, time: byTime({ idleTimeoutMs: 5_000 }) })
      .keyBy((event) => event.key)
      .window(tumblingWindows(10))
      .aggregate(count())
      .subscribe(() => undefined);
    const task = job.createTask({ now: 0 });
    task.process('events', 1, [at('b', 1)], 0);
    expect(task.process('events', 0, [at('a', 5), at('a', 25)], 1_000).outputs).toEqual([]);
    expect(task.advanceTime(4_999).outputs).toEqual([]);
    const woken = task.advanceTime(5_000);
    expect(woken.outputs[0]?.values.map((result) => (result as { key: string }).key)).toEqual(['a', 'b']);
    expect(task.stats().watermarks).toEqual({ events: 24 });
  });

  it('refuses work after a failed batch, naming the record that failed', () => {
    const job = new StreamJob();
    job
      .fromArray<Event>([], { name: 'events', time: eventTime((event: Event) => event.t) })
      .map((event) => {
        if (event.key === 'bad') throw new Error('cannot handle it');
        return event;
      })
      .subscribe(() => undefined);
    const task = job.createTask({ now: 0 });
    const failure = (() => {
      try {
        task.process('events', 0, [at('ok', 1), at('bad', 2)], 0);
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(TaskFailedError);
    expect(failure).toMatchObject({
      retriable: false,
      context: { source: 'events', partition: 0, recordIndex: 1 },
    });
    expect(() => task.process('events', 0, [at('ok', 3)], 0)).toThrow(/failed earlier/);
  });

  it('refuses an unknown source, an unassigned partition, a bad timestamp and a late restore', () => {
    const job = new StreamJob();
    job.fromArray<Event>([], { name: 'events', partitions: 3, time: eventTime((event: Event) => event.t) });
    expect(() => job.createTask({ now: 0, partitions: { nope: [0] } })).toThrow(/no source named "nope"/);
    const task = job.createTask({ now: 0, partitions: { events: [1] } });
    expect(() => task.process('other', 1, [], 0)).toThrow(/no source named "other"/);
    expect(() => task.process('events', 0, [], 0)).toThrow(/partition 0 of source events is not assigned/);
    task.process('events', 1, [], 0);
    expect(() => task.restore([])).toThrow(/before its first batch/);
    expect(() => task.process('events', 1, [{ value: { key: 'a', t: Number.NaN } }], 0)).toThrow(
      expect.objectContaining({ cause: expect.objectContaining({ code: 'INVALID_TIMESTAMP' }) }),
    );
  });
});
