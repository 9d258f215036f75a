import type { AggregateFunction, MergeableAggregateFunction } from '@streamforge/stream';

/**
 * Any aggregate over T, whatever its accumulator and result. The accumulator parameter is `never` so
 * that an AggregateFunction<T, number, number> is one (parameters are contravariant).
 */
export interface AnyAggregateOf<T> {
  readonly createAccumulator: () => unknown;
  readonly add: (accumulator: never, value: T) => unknown;
  readonly getResult: (accumulator: never) => unknown;
  readonly merge?: (a: never, b: never) => unknown;
}

/** The result record of combined aggregates: each name with its aggregate's result type. */
export type CombinedResult<M> = {
  [N in keyof M]: M[N] extends { readonly getResult: (accumulator: never) => infer R } ? R : never;
};

/** The value type the members take (all the same in practice: they fold one stream's values). */
export type CombinedInput<M> = M[keyof M] extends infer F
  ? F extends { readonly add: (accumulator: never, value: infer V) => unknown }
    ? V
    : never
  : never;

type Erased = MergeableAggregateFunction<unknown, unknown, unknown>;

/**
 * Several aggregates folded in one pass into one accumulator per pane (count, sum and P95 of one
 * metric in one window operator, rather than one operator and one state entry each). `merge` is
 * present when every member merges.
 */
export function combineAggregates<M extends Record<string, AnyAggregateOf<never>>>(
  members: M,
): AggregateFunction<CombinedInput<M>, Record<string, unknown>, CombinedResult<M>> & {
  readonly merge?: (a: Record<string, unknown>, b: Record<string, unknown>) => Record<string, unknown>;
} {
  const entries = Object.entries(members).map(([name, fn]): [string, Erased] => [
    name,
    fn as unknown as Erased,
  ]);
  const combined: AggregateFunction<CombinedInput<M>, Record<string, unknown>, CombinedResult<M>> = {
    createAccumulator: () => Object.fromEntries(entries.map(([name, fn]) => [name, fn.createAccumulator()])),
    add: (acc, value) => {
      for (const [name, fn] of entries) acc[name] = fn.add(acc[name], value);
      return acc;
    },
    getResult: (acc) =>
      Object.fromEntries(entries.map(([name, fn]) => [name, fn.getResult(acc[name])])) as CombinedResult<M>,
  };
  if (!entries.every(([, fn]) => typeof fn.merge === 'function')) return combined;
  return {
    ...combined,
    merge: (a, b) => Object.fromEntries(entries.map(([name, fn]) => [name, fn.merge(a[name], b[name])])),
  };
}
