import type { AggregateFunction } from '@streamforge/stream';
import type { ValueOf } from './basicAggregates.js';

export interface SimpleMovingAverageAccumulator {
  /** The last `size` numbers, oldest first. */
  recent: number[];
}

/**
 * Mean of the last `size` numbers to reach the window. Over a global window (or with early firings)
 * this is the running simple moving average; it does not merge, since "last" depends on order.
 */
export function simpleMovingAverageAggregate<T>(
  size: number,
  valueOf: ValueOf<T>,
): AggregateFunction<T, SimpleMovingAverageAccumulator, number | null> {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`size must be a positive integer, got ${size}`);
  return {
    createAccumulator: () => ({ recent: [] }),
    add: (acc, value) => {
      const x = valueOf(value);
      if (x === undefined) return acc;
      acc.recent.push(x);
      if (acc.recent.length > size) acc.recent.shift();
      return acc;
    },
    // Summed at read time rather than kept as a running sum, whose rounding would drift over a long run.
    getResult: (acc) =>
      acc.recent.length === 0 ? null : acc.recent.reduce((a, b) => a + b, 0) / acc.recent.length,
  };
}

export interface ExponentialMovingAverageAccumulator {
  ema: number | null;
}

/** Exponentially weighted mean: ema ← α·x + (1 − α)·ema, starting at the first number. */
export function exponentialMovingAverageAggregate<T>(
  alpha: number,
  valueOf: ValueOf<T>,
): AggregateFunction<T, ExponentialMovingAverageAccumulator, number | null> {
  if (!(alpha > 0 && alpha <= 1)) throw new RangeError(`alpha must be in (0, 1], got ${alpha}`);
  return {
    createAccumulator: () => ({ ema: null }),
    add: (acc, value) => {
      const x = valueOf(value);
      if (x !== undefined) acc.ema = acc.ema === null ? x : alpha * x + (1 - alpha) * acc.ema;
      return acc;
    },
    getResult: (acc) => acc.ema,
  };
}
