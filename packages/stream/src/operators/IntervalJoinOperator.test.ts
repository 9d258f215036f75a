import { collect } from '../__tests__/collect.js';
import { randomInt, seededRandom } from '../__tests__/seededRandom.js';
import { OutputTag } from '../datastream/OutputTag.js';
import { StreamJob } from '../datastream/StreamJob.js';
import { eventTime } from '../time/TimeSemantics.js';

interface Click {
  user: string;
  t: number;
  id: string;
}
interface Order {
  user: string;
  t: number;
  id: string;
}

const byTime = eventTime((value: { t: number }) => value.t);

function joinJob(options: { beforeMs: number; afterMs: number; allowedLatenessMs?: number }) {
  const job = new StreamJob();
  const lateClicks = new OutputTag<Click>('late-clicks');
  const lateOrders = new OutputTag<Order>('late-orders');
  const clicks = job.fromArray<Click>([], { name: 'clicks', time: byTime }).keyBy((click) => click.user);
  const orders = job.fromArray<Order>([], { name: 'orders', time: byTime }).keyBy((order) => order.user);
  const joined = clicks.join(
    orders,
    { ...options, lateLeft: lateClicks, lateRight: lateOrders },
    (click, order, user) => `${user}:${click.id}-${order.id}`,
  );
  joined.subscribe(() => undefined, { name: 'pairs' });
  joined.sideOutput(lateClicks).subscribe(() => undefined, { name: 'late-clicks' });
  joined.sideOutput(lateOrders).subscribe(() => undefined, { name: 'late-orders' });
  return job.createTask({ now: 0 });
}

const outputsOf = (outputs: { sink: string; values: unknown[] }[], sink: string) =>
  outputs.find((output) => output.sink === sink)?.values ?? [];

describe('interval join', () => {
  it('pairs values of one key whose timestamps are within the interval, once, as soon as both are there', () => {
    const task = joinJob({ beforeMs: 5, afterMs: 10 });
    const click = (user: string, t: number, id: string) => ({ value: { user, t, id } });
    task.process('clicks', 0, [click('u1', 100, 'c1'), click('u2', 100, 'c2')], 0);
    const first = task.process(
      'orders',
      0,
      [click('u1', 95, 'o1'), click('u1', 110, 'o2'), click('u1', 111, 'o3'), click('u2', 94, 'o4')],
      0,
    );
    expect(outputsOf(first.outputs, 'pairs')).toEqual(['u1:c1-o1', 'u1:c1-o2']);
    const second = task.process('clicks', 0, [click('u1', 105, 'c3')], 0);
    expect(outputsOf(second.outputs, 'pairs')).toEqual(['u1:c3-o2', 'u1:c3-o3']);
  });

  it('sends values the watermark has passed to the late outputs and forgets values nothing can match', () => {
    const task = joinJob({ beforeMs: 5, afterMs: 10, allowedLatenessMs: 2 });
    const value = (t: number, id: string) => ({ value: { user: 'u', t, id } });
    task.process('clicks', 0, [value(100, 'c1'), value(200, 'c2')], 0);
    task.process('orders', 0, [value(50, 'o1'), value(300, 'o2')], 0);
    // Watermark: min(199, 299) = 199. A click at 197 is late (197 + 2 ≤ 199), one at 198 is not.
    const result = task.process('clicks', 0, [value(197, 'c3'), value(198, 'c4')], 0);
    expect(outputsOf(result.outputs, 'late-clicks')).toEqual([{ user: 'u', t: 197, id: 'c3' }]);
    expect(result.late.map((late) => late.timestamp)).toEqual([197]);
    const buffered = () =>
      task
        .snapshot()
        .filter((entry) => entry.op === 'put' && /\/(left|right)$/.test(entry.namespace))
        .flatMap((entry) =>
          entry.op === 'put' ? (entry.value as Array<[number, unknown]>).map(([t]) => t) : [],
        );
    // Clicks stay until t + after + lateness ≤ watermark, orders until t + before + lateness.
    expect(buffered().sort()).toEqual([198, 200, 300]);
  });

  it('gives every pair an exhaustive search gives, for random streams', () => {
    const random = seededRandom(99);
    const task = joinJob({ beforeMs: 30, afterMs: 20, allowedLatenessMs: 1_000_000 });
    const users = ['a', 'b', 'c'];
    const clicks: Click[] = [];
    const orders: Order[] = [];
    const pairs: string[] = [];
    for (let i = 0; i < 400; i++) {
      const user = users[randomInt(random, 0, 2)] as string;
      const t = i * 5 + randomInt(random, -40, 40);
      const isClick = random() < 0.5;
      const value = { user, t, id: `${isClick ? 'c' : 'o'}${i}` };
      (isClick ? clicks : orders).push(value);
      const result = task.process(isClick ? 'clicks' : 'orders', 0, [{ value }], 0);
      pairs.push(...(outputsOf(result.outputs, 'pairs') as string[]));
    }
    const expected = clicks.flatMap((click) =>
      orders
        .filter((order) => order.user === click.user && order.t >= click.t - 30 && order.t <= click.t + 20)
        .map((order) => `${click.user}:${click.id}-${order.id}`),
    );
    expect(pairs.length).toBeGreaterThan(100);
    expect([...pairs].sort()).toEqual([...expected].sort());
  });

  it('refuses streams of another job and negative bounds', () => {
    const one = new StreamJob().fromArray([{ k: 'a' }]).keyBy((value) => value.k);
    const other = new StreamJob().fromArray([{ k: 'a' }]).keyBy((value) => value.k);
    expect(() => one.join(other, { beforeMs: 1, afterMs: 1 }, () => 1)).toThrow(/different jobs/);
    const same = new StreamJob();
    const left = same.fromArray([{ k: 'a' }]).keyBy((value) => value.k);
    const right = same.fromArray([{ k: 'a' }]).keyBy((value) => value.k);
    expect(() => left.join(right, { beforeMs: -1, afterMs: 1 }, () => 1)).toThrow(RangeError);
  });
});

it('interval join runs through StreamJob.run with two sources', async () => {
  const job = new StreamJob();
  const clicks = job
    .fromArray(
      [
        { user: 'u', t: 1, id: 'c1' },
        { user: 'u', t: 50, id: 'c2' },
      ],
      { time: byTime },
    )
    .keyBy((click) => click.user);
  const orders = job
    .fromArray([{ user: 'u', t: 3, id: 'o1' }], { time: byTime })
    .keyBy((order) => order.user);
  const pairs = collect(
    clicks.join(orders, { beforeMs: 0, afterMs: 5 }, (click, order) => `${click.id}-${order.id}`),
  );
  await job.run();
  expect(pairs).toEqual(['c1-o1']);
});
