import { collect } from '../__tests__/collect.js';
import { count } from '../aggregate/AggregateFunction.js';
import { eventTime } from '../time/TimeSemantics.js';
import { tumblingWindows } from '../window/WindowAssigner.js';
import { OutputTag } from './OutputTag.js';
import { StreamJob } from './StreamJob.js';

describe('DataStream', () => {
  it('maps, filters and flat-maps in order', async () => {
    const job = new StreamJob();
    const words = collect(
      job
        .fromArray(['a b', '', 'c d e'])
        .filter((line) => line.length > 0)
        .flatMap((line) => line.split(' '))
        .map((word) => word.toUpperCase()),
    );
    await job.run();
    expect(words).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('narrows the type with a type-guard filter', async () => {
    const job = new StreamJob();
    const numbers = collect(
      job
        .fromArray<string | number>([1, 'x', 2])
        .filter((value): value is number => typeof value === 'number'),
    );
    await job.run();
    expect(numbers.reduce((sum, value) => sum + value, 0)).toBe(3);
  });

  it('unions streams, and a windowed union waits for its slowest input', async () => {
    const job = new StreamJob();
    const time = eventTime((value: { t: number }) => value.t);
    const fast = job.fromArray([{ t: 1 }, { t: 100 }], { time });
    const slow = job.fromArray([{ t: 2 }], { time });
    const all = fast.union(slow);
    const values = collect(all);
    const windows = collect(
      all
        .keyBy(() => 'all')
        .window(tumblingWindows(10))
        .aggregate(count()),
    );
    await job.run();
    expect(values.map((value) => value.t).sort((a, b) => a - b)).toEqual([1, 2, 100]);
    // t=100 alone does not close [0, 10): the slow source's watermark is still 1.
    expect(windows.map((window) => [window.window.start, window.value])).toEqual([
      [0, 2],
      [100, 1],
    ]);
  });

  it('reads async iterables', async () => {
    async function* numbers() {
      for (let i = 0; i < 5; i++) {
        await new Promise((resolve) => setImmediate(resolve));
        yield i;
      }
    }
    const job = new StreamJob();
    const values = collect(job.fromIterable(numbers()).map((n) => n * 10));
    await job.run({ batchSize: 2 });
    expect(values).toEqual([0, 10, 20, 30, 40]);
  });

  it('hands each batch to a sink and waits for it', async () => {
    const job = new StreamJob();
    const written: number[][] = [];
    let writing = false;
    job.fromArray([1, 2, 3, 4, 5]).sink(async (values) => {
      expect(writing).toBe(false);
      writing = true;
      await new Promise((resolve) => setTimeout(resolve, 1));
      written.push([...values]);
      writing = false;
    });
    await job.run({ batchSize: 2 });
    expect(written).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('spreads values over partitions and rejects a partition the source does not have', async () => {
    const job = new StreamJob();
    job.fromArray([1, 2, 3], { partitions: 2, partitionOf: (n) => n % 3 });
    await expect(job.run()).rejects.toThrow(/partitionOf gave 2/);
  });

  it('refuses to mix jobs, reuse names or take side outputs of side outputs', () => {
    const job = new StreamJob();
    const stream = job.fromArray([1], { name: 'numbers' });
    expect(() => stream.union(new StreamJob().fromArray([2]))).toThrow(/different jobs/);
    expect(() => job.fromArray([1], { name: 'numbers' })).toThrow(/already has a node named "numbers"/);
    expect(() => stream.map((n) => n, { name: 'a/b' })).toThrow(/must be letters/);
    const tag = new OutputTag<number>('t');
    expect(() => stream.sideOutput(tag).sideOutput(tag)).toThrow(/no side outputs/);
  });

  it('fails the run with the error of a user function', async () => {
    const job = new StreamJob();
    job
      .fromArray([1, 2])
      .map((n) => {
        if (n === 2) throw new Error('boom');
        return n;
      })
      .subscribe(() => undefined);
    await expect(job.run()).rejects.toMatchObject({
      code: 'TASK_FAILED',
      context: { source: 'source-1', partition: 0, recordIndex: 1 },
    });
  });
});
