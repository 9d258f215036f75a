import { SketchMergeError, SketchStateError } from '../errors.js';
import { getOwn } from '../internal/ownRecord.js';
import type { QuantileSketch } from './QuantileSketch.js';

/**
 * Plain-JSON state of a LogBucketQuantileSketch. Buckets map a bucket index (as a string key) to a
 * count; an index i holds the magnitudes in (γ^(i−1), γ^i].
 */
export interface LogBucketSketchState {
  kind: 'log-bucket-quantiles';
  /** α: every quantile is within α·|value| of the true value at that rank. */
  relativeAccuracy: number;
  count: number;
  sum: number;
  /** null while empty (JSON has no Infinity). */
  min: number | null;
  max: number | null;
  /** Values whose magnitude is below MIN_INDEXABLE: too small to bucket, reported as 0. */
  zeroCount: number;
  positive: Record<string, number>;
  negative: Record<string, number>;
}

export interface LogBucketSketchOptions {
  /** Relative accuracy α of every quantile (default 0.01: within 1 %). */
  relativeAccuracy?: number;
}

export const DEFAULT_RELATIVE_ACCURACY = 0.01;
/** Magnitudes below this count as zero; far below any metric we track (ms, amounts, sizes). */
const MIN_INDEXABLE = 1e-9;

/**
 * A quantile sketch with a relative-error guarantee on the value (the DDSketch algorithm, Masson,
 * Rim & Lee, VLDB 2019): values go to logarithmic buckets whose width is 2α relative, so any
 * quantile is reported within α·|x| of the exact x at that rank, for any doubles (negative, zero,
 * fractional), and merging is exact (bucket counts add), so merge(partials) equals the sketch of
 * everything, whatever the partitioning.
 *
 * Why not hdr-histogram-js: its JS port records non-negative integers only (no DoubleHistogram), and
 * its state is a class over typed arrays; window accumulators must be plain JSON changed in place, and
 * re-encoding a histogram on every value is far too slow. Why not t-digest: not a dependency here, its
 * common JS port compresses with Math.random shuffles (replays would differ, breaking determinism),
 * and its merge has no hard error bound.
 *
 * The class is a view over the state object: `LogBucketQuantileSketch.wrap(state)` costs one
 * allocation, so window accumulators can stay plain state and be wrapped per call.
 */
export class LogBucketQuantileSketch implements QuantileSketch<LogBucketSketchState> {
  private readonly logGamma: number;

  private constructor(readonly state: LogBucketSketchState) {
    this.logGamma = logGammaOf(state.relativeAccuracy);
  }

  static create(options: LogBucketSketchOptions = {}): LogBucketQuantileSketch {
    return new LogBucketQuantileSketch(emptyLogBucketState(options.relativeAccuracy));
  }

  /** A view over existing state (not copied): adds change `state`. */
  static wrap(state: LogBucketSketchState): LogBucketQuantileSketch {
    return new LogBucketQuantileSketch(state);
  }

  /** Checks a JSON value (from a checkpoint or another process) and wraps it. */
  static fromJSON(json: unknown): LogBucketQuantileSketch {
    return new LogBucketQuantileSketch(parseLogBucketState(json));
  }

  get count(): number {
    return this.state.count;
  }
  get sum(): number {
    return this.state.sum;
  }
  get min(): number | undefined {
    return this.state.min ?? undefined;
  }
  get max(): number | undefined {
    return this.state.max ?? undefined;
  }

  add(value: number, weight = 1): this {
    if (!Number.isFinite(value)) throw new RangeError(`quantile sketch values must be finite, got ${value}`);
    if (!(weight > 0)) throw new RangeError(`weight must be > 0, got ${weight}`);
    const s = this.state;
    s.count += weight;
    s.sum += value * weight;
    if (s.min === null || value < s.min) s.min = value;
    if (s.max === null || value > s.max) s.max = value;
    const magnitude = Math.abs(value);
    if (magnitude < MIN_INDEXABLE) {
      s.zeroCount += weight;
      return this;
    }
    const buckets = value > 0 ? s.positive : s.negative;
    const key = String(Math.ceil(Math.log(magnitude) / this.logGamma));
    buckets[key] = (getOwn(buckets, key) ?? 0) + weight;
    return this;
  }

  quantile(q: number): number | undefined {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be in [0, 1], got ${q}`);
    const s = this.state;
    if (s.count === 0 || s.min === null || s.max === null) return undefined;
    if (q === 0) return s.min;
    if (q === 1) return s.max;
    // The value of rank ⌊q·(n−1)⌋ (0-based) in sorted order: walk negatives from the most negative,
    // then zeros, then positives upwards, until more than `rank` values are behind us.
    const rank = Math.floor(q * (s.count - 1));
    let seen = 0;
    for (const [index, n] of sortedBuckets(s.negative, 'descending')) {
      seen += n;
      if (seen > rank) return clamp(-this.valueOf(index), s.min, s.max);
    }
    seen += s.zeroCount;
    if (seen > rank) return clamp(0, s.min, s.max);
    for (const [index, n] of sortedBuckets(s.positive, 'ascending')) {
      seen += n;
      if (seen > rank) return clamp(this.valueOf(index), s.min, s.max);
    }
    return s.max;
  }

  /** Several quantiles in one call (P50/P95/P99 for a metric). */
  quantiles(qs: readonly number[]): Array<number | undefined> {
    return qs.map((q) => this.quantile(q));
  }

  merge(other: QuantileSketch<LogBucketSketchState>): this {
    mergeLogBucketStates(this.state, other.state);
    return this;
  }

  toJSON(): LogBucketSketchState {
    return this.state;
  }

  /** The representative of bucket i: the point whose relative distance to both ends is α. */
  private valueOf(index: number): number {
    return (2 * Math.exp(index * this.logGamma)) / (1 + Math.exp(this.logGamma));
  }
}

export function emptyLogBucketState(relativeAccuracy = DEFAULT_RELATIVE_ACCURACY): LogBucketSketchState {
  if (!(relativeAccuracy > 0 && relativeAccuracy < 1)) {
    throw new RangeError(`relativeAccuracy must be in (0, 1), got ${relativeAccuracy}`);
  }
  return {
    kind: 'log-bucket-quantiles',
    relativeAccuracy,
    count: 0,
    sum: 0,
    min: null,
    max: null,
    zeroCount: 0,
    positive: {},
    negative: {},
  };
}

/** Adds `from` into `into` (in place) and returns `into`. */
export function mergeLogBucketStates(
  into: LogBucketSketchState,
  from: LogBucketSketchState,
): LogBucketSketchState {
  if (into.relativeAccuracy !== from.relativeAccuracy) {
    throw new SketchMergeError(
      `quantile sketches of relative accuracy ${into.relativeAccuracy} and ${from.relativeAccuracy} cannot merge`,
    );
  }
  into.count += from.count;
  into.sum += from.sum;
  if (from.min !== null && (into.min === null || from.min < into.min)) into.min = from.min;
  if (from.max !== null && (into.max === null || from.max > into.max)) into.max = from.max;
  into.zeroCount += from.zeroCount;
  for (const [key, n] of Object.entries(from.positive))
    into.positive[key] = (getOwn(into.positive, key) ?? 0) + n;
  for (const [key, n] of Object.entries(from.negative))
    into.negative[key] = (getOwn(into.negative, key) ?? 0) + n;
  return into;
}

function parseLogBucketState(json: unknown): LogBucketSketchState {
  const s = json as Partial<LogBucketSketchState> | null;
  const ok =
    typeof s === 'object' &&
    s !== null &&
    s.kind === 'log-bucket-quantiles' &&
    typeof s.relativeAccuracy === 'number' &&
    typeof s.count === 'number' &&
    typeof s.sum === 'number' &&
    typeof s.zeroCount === 'number' &&
    (s.min === null || typeof s.min === 'number') &&
    (s.max === null || typeof s.max === 'number') &&
    isCountRecord(s.positive) &&
    isCountRecord(s.negative);
  if (!ok) throw new SketchStateError('not the state of a log-bucket quantile sketch');
  return s as LogBucketSketchState;
}

function isCountRecord(value: unknown): value is Record<string, number> {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.entries(value).every(([key, n]) => Number.isInteger(Number(key)) && typeof n === 'number')
  );
}

const logGammaCache = new Map<number, number>();
function logGammaOf(relativeAccuracy: number): number {
  let logGamma = logGammaCache.get(relativeAccuracy);
  if (logGamma === undefined) {
    logGamma = Math.log((1 + relativeAccuracy) / (1 - relativeAccuracy));
    logGammaCache.set(relativeAccuracy, logGamma);
  }
  return logGamma;
}

function sortedBuckets(
  buckets: Record<string, number>,
  order: 'ascending' | 'descending',
): Array<[number, number]> {
  const entries = Object.entries(buckets).map(([key, n]): [number, number] => [Number(key), n]);
  return entries.sort((a, b) => (order === 'ascending' ? a[0] - b[0] : b[0] - a[0]));
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
