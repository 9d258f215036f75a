import type { MergeableAggregateFunction } from '@streamforge/stream';

/**
 * Reads the number an aggregate folds from a value; undefined (a missing or non-numeric field) means
 * "nothing to fold", so one bad event does not poison a window's sum.
 */
export type ValueOf<T> = (value: T) => number | undefined;

/** Number of values in the window. */
export function countAggregate<T>(): MergeableAggregateFunction<T, number, number> {
  return {
    createAccumulator: () => 0,
    add: (acc) => acc + 1,
    getResult: (acc) => acc,
    merge: (a, b) => a + b,
  };
}

/** Sum of the numbers; 0 for a window without any. */
export function sumAggregate<T>(valueOf: ValueOf<T>): MergeableAggregateFunction<T, number, number> {
  return {
    createAccumulator: () => 0,
    add: (acc, value) => acc + (valueOf(value) ?? 0),
    getResult: (acc) => acc,
    merge: (a, b) => a + b,
  };
}

export interface MeanAccumulator {
  sum: number;
  count: number;
}

/** Arithmetic mean; null for a window without numbers (JSON has no NaN). */
export function avgAggregate<T>(
  valueOf: ValueOf<T>,
): MergeableAggregateFunction<T, MeanAccumulator, number | null> {
  return {
    createAccumulator: () => ({ sum: 0, count: 0 }),
    add: (acc, value) => {
      const x = valueOf(value);
      if (x !== undefined) {
        acc.sum += x;
        acc.count++;
      }
      return acc;
    },
    getResult: (acc) => (acc.count === 0 ? null : acc.sum / acc.count),
    merge: (a, b) => ({ sum: a.sum + b.sum, count: a.count + b.count }),
  };
}

/** Smallest number; null for a window without numbers. */
export function minAggregate<T>(
  valueOf: ValueOf<T>,
): MergeableAggregateFunction<T, number | null, number | null> {
  return extremum(valueOf, (a, b) => a < b);
}

/** Largest number; null for a window without numbers. */
export function maxAggregate<T>(
  valueOf: ValueOf<T>,
): MergeableAggregateFunction<T, number | null, number | null> {
  return extremum(valueOf, (a, b) => a > b);
}

function extremum<T>(
  valueOf: ValueOf<T>,
  better: (a: number, b: number) => boolean,
): MergeableAggregateFunction<T, number | null, number | null> {
  const pick = (a: number | null, b: number | null) =>
    a === null ? b : b === null ? a : better(b, a) ? b : a;
  return {
    // null, not ±Infinity: the accumulator goes through JSON.
    createAccumulator: () => null,
    add: (acc, value) => pick(acc, valueOf(value) ?? null),
    getResult: (acc) => acc,
    merge: pick,
  };
}
