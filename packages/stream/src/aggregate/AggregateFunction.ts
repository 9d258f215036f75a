/**
 * Folds the values of a window (or of aggregating state) into an accumulator, incrementally.
 * The accumulator is state: it goes to the changelog, so it must survive a JSON round trip (plain
 * objects, arrays, numbers, strings; no Map, Set or class instances). `add` may change the accumulator
 * in place and return it.
 */
export interface AggregateFunction<T, A, R> {
  readonly createAccumulator: () => A;
  readonly add: (accumulator: A, value: T) => A;
  readonly getResult: (accumulator: A) => R;
}

/** An aggregate whose partial results combine: what merging (session) windows need. */
export interface MergeableAggregateFunction<T, A, R> extends AggregateFunction<T, A, R> {
  readonly merge: (a: A, b: A) => A;
}

/** Counts the values. */
export function count(): MergeableAggregateFunction<unknown, number, number> {
  return {
    createAccumulator: () => 0,
    add: (accumulator) => accumulator + 1,
    getResult: (accumulator) => accumulator,
    merge: (a, b) => a + b,
  };
}

/** Combines values pairwise with `reduce`; the result is the value type itself. */
export function reducing<T>(reduce: (a: T, b: T) => T): MergeableAggregateFunction<T, [T] | [], T> {
  return {
    createAccumulator: () => [],
    add: (accumulator, value) => (accumulator.length === 0 ? [value] : [reduce(accumulator[0], value)]),
    // Only read for windows and state that hold at least one value.
    getResult: (accumulator) => accumulator[0] as T,
    merge: (a, b) => (a.length === 0 ? b : b.length === 0 ? a : [reduce(a[0], b[0])]),
  };
}
