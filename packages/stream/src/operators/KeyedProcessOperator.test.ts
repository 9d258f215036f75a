import { collect } from '../__tests__/collect.js';
import { count } from '../aggregate/AggregateFunction.js';
import { OutputTag } from '../datastream/OutputTag.js';
import { StreamJob } from '../datastream/StreamJob.js';
import { aggregatingState, listState, mapState, valueState } from '../state/StateDescriptor.js';
import { eventTime } from '../time/TimeSemantics.js';

interface Event {
  key: string;
  t: number;
  kind?: string;
}

const at = (key: string, t: number, kind?: string): Event => (kind ? { key, t, kind } : { key, t });
const byTime = eventTime((event: Event) => event.t);

describe('keyed process functions', () => {
  it('keep state per key', async () => {
    const job = new StreamJob();
    const seen = valueState<number>('seen');
    const results = collect(
      job
        .fromArray([at('a', 1), at('b', 2), at('a', 3)], { time: byTime })
        .keyBy((event) => event.key)
        .process<string>({
          processElement: (event, ctx) => {
            const n = (ctx.state(seen).value() ?? 0) + 1;
            ctx.state(seen).update(n);
            ctx.emit(`${ctx.key}#${n}@${ctx.timestamp}`);
          },
        }),
    );
    await job.run();
    expect(results).toEqual(['a#1@1', 'b#1@2', 'a#2@3']);
  });

  it('fire event-time timers in time order when the watermark reaches them, once per time', async () => {
    const job = new StreamJob();
    const results = collect(
      job
        .fromArray([at('a', 10), at('b', 5), at('a', 12), at('c', 30), at('d', 100)], { time: byTime })
        .keyBy((event) => event.key)
        .process<string>({
          processElement: (event, ctx) => {
            ctx.registerEventTimeTimer(20);
            ctx.registerEventTimeTimer(event.t + 1);
            if (event.key === 'c') ctx.deleteEventTimeTimer(20);
          },
          onTimer: (time, ctx) => {
            ctx.emit(`${ctx.key}@${time} w=${ctx.watermark} ${ctx.timeDomain}`);
            // Set while firing, already due: fires in the same pass.
            if (time === 20 && ctx.key === 'a') ctx.registerEventTimeTimer(21);
          },
        }),
    );
    await job.run();
    expect(results).toEqual([
      'b@6 w=11 event-time', // set at watermark 9, already due: fires when it next moves
      'a@11 w=11 event-time',
      'a@13 w=29 event-time',
      'a@20 w=29 event-time',
      'b@20 w=29 event-time',
      'a@21 w=29 event-time',
      'd@20 w=99 event-time', // d@100 is processed before the watermark it raises
      'c@31 w=99 event-time',
      'd@101 w=Infinity event-time',
    ]);
  });

  it('fire processing-time timers as the task clock passes them', () => {
    const job = new StreamJob();
    job
      .fromArray<Event>([], { name: 'events', time: byTime })
      .keyBy((event) => event.key)
      .process<string>({
        processElement: (_event, ctx) => ctx.registerProcessingTimeTimer(ctx.processingTime + 1_000),
        onTimer: (time, ctx) => ctx.emit(`${ctx.key}@${time} ${ctx.timeDomain}`),
      })
      .subscribe(() => undefined);
    const task = job.createTask({ now: 0 });
    task.process('events', 0, [{ value: at('a', 1) }], 100);
    expect(task.advanceTime(1_099).outputs).toEqual([]);
    expect(task.advanceTime(1_100).outputs[0]?.values).toEqual(['a@1100 processing-time']);
  });

  it('send values to side outputs by tag', async () => {
    const job = new StreamJob();
    const errors = new OutputTag<{ key: string; reason: string }>('errors');
    const stream = job
      .fromArray([at('a', 1, 'ok'), at('b', 2, 'bad'), at('c', 3, 'ok')], { time: byTime })
      .keyBy((event) => event.key)
      .process<Event>({
        processElement: (event, ctx) => {
          if (event.kind === 'bad') ctx.output(errors, { key: ctx.key, reason: 'bad kind' });
          else ctx.emit(event);
        },
      });
    const good = collect(stream);
    const bad = collect(stream.sideOutput(errors));
    await job.run();
    expect(good.map((event) => event.key)).toEqual(['a', 'c']);
    expect(bad).toEqual([{ key: 'b', reason: 'bad kind' }]);
  });

  it('expire state a TTL after its last write and delete it as processing time passes', () => {
    const job = new StreamJob();
    const pages = mapState<number>('pages', { ttlMs: 1_000 });
    const recent = listState<number>('recent', { ttlMs: 1_000 });
    const total = aggregatingState('total', count());
    job
      .fromArray<Event>([], { name: 'events', time: byTime })
      .keyBy((event) => event.key)
      .process<string>({
        processElement: (event, ctx) => {
          ctx.state(pages).put(String(event.t), event.t);
          ctx.state(recent).add(event.t);
          ctx.state(total).add(event);
          ctx.emit(`${ctx.state(pages).size()} ${ctx.state(recent).get().length} ${ctx.state(total).get()}`);
        },
      })
      .subscribe(() => undefined);
    const task = job.createTask({ now: 0 });
    expect(
      task.process('events', 0, [{ value: at('a', 1) }, { value: at('a', 2) }], 0).outputs[0]?.values,
    ).toEqual(['1 1 1', '2 2 2']);
    expect(task.process('events', 0, [{ value: at('a', 3) }], 1_000).outputs[0]?.values).toEqual(['1 1 3']);
    const deleted = task.advanceTime(2_000).mutations.filter((mutation) => mutation.op === 'delete');
    expect(deleted.map((mutation) => mutation.namespace).sort()).toEqual([
      'process-1/s/pages/a',
      'process-1/s/recent',
    ]);
  });

  it('refuse two state descriptors with one name', async () => {
    const job = new StreamJob();
    job
      .fromArray([at('a', 1)], { time: byTime })
      .keyBy((event) => event.key)
      .process<never>({
        processElement: (_event, ctx) => {
          ctx.state(valueState<number>('x'));
          ctx.state(valueState<string>('x'));
        },
      });
    await expect(job.run()).rejects.toThrow(/two state descriptors named "x"/);
  });
});
