/**
 * Compile-time checks of the API's generics: every `@ts-expect-error` below must be an error for
 * `pnpm --filter @streamforge/stream run typecheck` to pass (an unused one is itself an error).
 */
import { count } from '../aggregate/AggregateFunction.js';
import type { AggregateFunction, MergeableAggregateFunction } from '../aggregate/AggregateFunction.js';
import { valueState } from '../state/StateDescriptor.js';
import { countTrigger } from '../window/Trigger.js';
import { globalWindows, sessionWindows, tumblingWindows } from '../window/WindowAssigner.js';
import type { WindowResult } from '../window/WindowResult.js';
import type { DataStream } from './DataStream.js';
import { OutputTag } from './OutputTag.js';
import { StreamJob } from './StreamJob.js';

interface Click {
  userId: string;
  page: string;
}
interface Order {
  userId: string;
  amount: number;
}

const sumAmounts: AggregateFunction<Order, number, number> = {
  createAccumulator: () => 0,
  add: (sum, order) => sum + order.amount,
  getResult: (sum) => sum,
};
const mergeableSum: MergeableAggregateFunction<Order, number, number> = {
  ...sumAmounts,
  merge: (a, b) => a + b,
};

function typeChecks(): void {
  const job = new StreamJob();
  const clicks = job.fromArray<Click>([]);
  const orders = job.fromArray<Order>([]);
  const byUser = orders.keyBy((order) => order.userId);

  const totals: DataStream<WindowResult<string, number>> = byUser
    .window(tumblingWindows(1_000))
    .aggregate(sumAmounts);
  totals.subscribe((result) => result.value.toFixed(2));
  byUser.window(sessionWindows(1_000)).aggregate(mergeableSum);
  byUser.window(sessionWindows(1_000)).aggregate(count());
  byUser.window(globalWindows(countTrigger(10))).aggregate(count());

  const clicksByUser = clicks.keyBy((click) => click.userId);
  const clickWindows = clicksByUser.window(tumblingWindows(1_000));
  // @ts-expect-error an aggregate of orders does not fit a stream of clicks
  clickWindows.aggregate(sumAmounts);

  // @ts-expect-error session windows merge, so their aggregate must have `merge`
  byUser.window(sessionWindows(1_000)).aggregate(sumAmounts);

  // @ts-expect-error the result value is a number, not a string
  totals.subscribe((result: WindowResult<string, string>) => result);

  // @ts-expect-error a global window's trigger sees the stream's values
  byUser.window(globalWindows<Click>({ onElement: () => 'fire' }));

  const lateClicks = new OutputTag<Click>('late');
  // @ts-expect-error the late output carries the stream's own values
  byUser.window(tumblingWindows(1_000), { lateOutput: lateClicks });

  const alerts = byUser.process<string>({
    processElement: (order, ctx) => {
      const last = ctx.state(valueState<number>('last'));
      const previous: number | undefined = last.value();
      last.update(order.amount + (previous ?? 0));
      // @ts-expect-error value state of numbers takes numbers
      last.update('many');
      ctx.emit(`${ctx.key} spent ${order.amount}`);
      // @ts-expect-error the function emits strings
      ctx.emit(order.amount);
      ctx.output(lateClicks, { userId: ctx.key, page: '/' });
      // @ts-expect-error a side output takes the values of its tag
      ctx.output(lateClicks, order);
    },
  });
  alerts.map((text) => text.toUpperCase());
  alerts.sideOutput(lateClicks).map((click) => click.page);

  const joined = byUser.join(clicksByUser, { beforeMs: 10, afterMs: 10 }, (order, click) => ({
    amount: order.amount,
    page: click.page,
  }));
  joined.map((pair) => pair.page.length + pair.amount);
  const clickFirst = (click: Click) => click;
  // @ts-expect-error the joiner gets the left stream's values first
  byUser.join(clicksByUser, { beforeMs: 1, afterMs: 1 }, clickFirst);

  // @ts-expect-error a key is a string
  orders.keyBy((order) => order.amount);
}

it('type checks hold (see the @ts-expect-error lines; the typecheck script verifies them)', () => {
  expect(typeChecks).toBeInstanceOf(Function);
});
