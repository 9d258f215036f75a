import type { MergeableAggregateFunction } from '@streamforge/stream';
import { HyperLogLog, emptyHyperLogLogState, mergeHyperLogLogStates } from '../sketches/HyperLogLog.js';
import type { HyperLogLogOptions, HyperLogLogState } from '../sketches/HyperLogLog.js';
import {
  LogBucketQuantileSketch,
  emptyLogBucketState,
  mergeLogBucketStates,
} from '../sketches/LogBucketQuantileSketch.js';
import type { LogBucketSketchOptions, LogBucketSketchState } from '../sketches/LogBucketQuantileSketch.js';
import { SpaceSaving, emptySpaceSavingState, mergeSpaceSavingStates } from '../sketches/SpaceSaving.js';
import type { SpaceSavingOptions, SpaceSavingState } from '../sketches/SpaceSaving.js';
import type { TopKEntry } from '../sketches/TopK.js';
import type { ValueOf } from './basicAggregates.js';

/** Reads the item a sketch counts (a user id, a product id); undefined skips the value. */
export type ItemOf<T> = (value: T) => string | undefined;

// Accumulators are the sketches' plain states, wrapped per call: they go to the changelog as they are.
// merge copies `a` first: window operators may still hold `a` and `b` as other panes' accumulators.

/** Approximate distinct count (HyperLogLog; ≈ 0.8 % standard error at the default precision 14). */
export function distinctCountAggregate<T>(
  itemOf: ItemOf<T>,
  options: HyperLogLogOptions = {},
): MergeableAggregateFunction<T, HyperLogLogState, number> {
  return {
    createAccumulator: () => emptyHyperLogLogState(options.precision),
    add: (acc, value) => {
      const item = itemOf(value);
      if (item !== undefined) HyperLogLog.wrap(acc).add(item);
      return acc;
    },
    getResult: (acc) => Math.round(HyperLogLog.wrap(acc).estimate()),
    merge: (a, b) => mergeHyperLogLogStates(structuredClone(a), b),
  };
}

/** The k most frequent items with their counts and error bounds (Space-Saving). */
export function topKAggregate<T>(
  itemOf: ItemOf<T>,
  k: number,
  options: SpaceSavingOptions = {},
): MergeableAggregateFunction<T, SpaceSavingState, TopKEntry[]> {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  const capacity = options.capacity ?? Math.max(10 * k, 100);
  return {
    createAccumulator: () => emptySpaceSavingState(capacity),
    add: (acc, value) => {
      const item = itemOf(value);
      if (item !== undefined) SpaceSaving.wrap(acc).add(item);
      return acc;
    },
    getResult: (acc) => SpaceSaving.wrap(acc).top(k),
    merge: (a, b) => mergeSpaceSavingStates(structuredClone(a), b),
  };
}

/** Quantiles by name (`p50`, `p95`, `p99.9`); null for a window without numbers. */
export type Percentiles = Record<string, number | null>;

/** `p50` for 0.5, `p99.9` for 0.999: the names percentile results are keyed by. */
export function percentileName(q: number): string {
  return `p${Number((q * 100).toPrecision(12))}`;
}

/** Quantiles of the numbers, each within `relativeAccuracy` (default 1 %) of the exact value. */
export function percentilesAggregate<T>(
  valueOf: ValueOf<T>,
  quantiles: readonly number[],
  options: LogBucketSketchOptions = {},
): MergeableAggregateFunction<T, LogBucketSketchState, Percentiles> {
  for (const q of quantiles) {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`quantiles must be in [0, 1], got ${q}`);
  }
  return {
    createAccumulator: () => emptyLogBucketState(options.relativeAccuracy),
    add: (acc, value) => {
      const x = valueOf(value);
      if (x !== undefined) LogBucketQuantileSketch.wrap(acc).add(x);
      return acc;
    },
    getResult: (acc) => {
      const sketch = LogBucketQuantileSketch.wrap(acc);
      const result: Percentiles = {};
      for (const q of quantiles) result[percentileName(q)] = sketch.quantile(q) ?? null;
      return result;
    },
    merge: (a, b) => mergeLogBucketStates(structuredClone(a), b),
  };
}
