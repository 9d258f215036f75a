import { SketchMergeError, SketchStateError } from '../errors.js';
import { hash64 } from '../internal/hash.js';
import type { DistinctCounter } from './DistinctCounter.js';

/**
 * Plain-JSON HyperLogLog state. Small sets stay sparse, as in HyperLogLog++: register index → value at
 * the finer precision 25, which keeps a low-cardinality pane's checkpoint small and its count all but
 * exact (2^25 registers barely collide). Past m/8 entries it folds into the dense form: m = 2^p
 * register values, smaller than the sparse form by then.
 */
export interface HyperLogLogState {
  kind: 'hyperloglog';
  /** Version of the hash and register layout; sketches merge only with the same one. */
  hash: number;
  /** Precision p: m = 2^p registers. */
  precision: number;
  /** Sparse registers at SPARSE_PRECISION; null once dense. */
  sparse: Record<string, number> | null;
  /** How many registers the sparse form holds (counting its keys on every add would be O(n)). */
  sparseSize: number;
  dense: number[] | null;
}

export interface HyperLogLogOptions {
  /** p in [4, 18]; default 14 (16,384 registers, standard error 1.04/√m ≈ 0.81 %). */
  precision?: number;
}

export const DEFAULT_HLL_PRECISION = 14;
export const HLL_HASH_VERSION = 1;
/** Precision of the sparse form; above every dense precision so sparse registers fold into dense ones. */
const SPARSE_PRECISION = 25;
/** Bits of the hash. */
const HASH_BITS = 64;
// Bound once: a global lookup per add is slow in sandboxed contexts (jest's vm).
const clz32 = Math.clz32;

/**
 * HyperLogLog distinct counting, written here because bloom-filters 3.0.4's HyperLogLog is neither
 * accurate nor fast enough: measured on 'user-<i>' keys at 16,384 registers it reports 41 for 100
 * (−59 %), 4,942 for 10,000 (−51 %) and 56,354 for 50,000 (+13 %) — its register 0 means both "empty"
 * and "rank 1", which breaks the small-range correction — and it hashes through a 64-character binary
 * string per update (≈ 4k updates/s).
 *
 * Here: a 64-bit hash (two 32-bit lanes; index from the top p bits, rank from the leading zeros of
 * the rest), HyperLogLog++'s sparse form for small sets, and Ertl's improved estimator ("New cardinality estimation algorithms for HyperLogLog sketches",
 * 2017), which is unbiased over the whole range without HLL++'s empirical bias tables or a switch
 * between linear counting and the raw estimate. Merging takes the register-wise maximum, so the union
 * of per-partition sketches equals the sketch of the union, exactly.
 */
export class HyperLogLog implements DistinctCounter<HyperLogLogState> {
  private constructor(readonly state: HyperLogLogState) {}

  static create(options: HyperLogLogOptions = {}): HyperLogLog {
    return new HyperLogLog(emptyHyperLogLogState(options.precision));
  }

  /** A view over existing state (not copied): adds change `state`. */
  static wrap(state: HyperLogLogState): HyperLogLog {
    return new HyperLogLog(state);
  }

  /** Checks a JSON value (from a checkpoint or another process) and wraps it. */
  static fromJSON(json: unknown): HyperLogLog {
    return new HyperLogLog(parseHyperLogLogState(json));
  }

  add(item: string): this {
    const s = this.state;
    const [high, low] = hash64(item);
    if (s.dense) {
      const index = high >>> (32 - s.precision);
      const rank = rankOf(high, low, s.precision);
      if (rank > (s.dense[index] ?? 0)) s.dense[index] = rank;
      return this;
    }
    const sparse = s.sparse ?? (s.sparse = {});
    const key = String(high >>> (32 - SPARSE_PRECISION));
    const rank = rankOf(high, low, SPARSE_PRECISION);
    const current = sparse[key];
    if (current === undefined) {
      sparse[key] = rank;
      if (++s.sparseSize > (1 << s.precision) / 8) toDense(s);
    } else if (rank > current) {
      sparse[key] = rank;
    }
    return this;
  }

  estimate(): number {
    const s = this.state;
    return s.dense
      ? estimateFrom(
          s.precision,
          s.dense.filter((value) => value > 0),
        )
      : estimateFrom(SPARSE_PRECISION, Object.values(s.sparse ?? {}));
  }

  merge(other: DistinctCounter<HyperLogLogState>): this {
    mergeHyperLogLogStates(this.state, other.state);
    return this;
  }

  toJSON(): HyperLogLogState {
    return this.state;
  }
}

export function emptyHyperLogLogState(precision = DEFAULT_HLL_PRECISION): HyperLogLogState {
  if (!Number.isInteger(precision) || precision < 4 || precision > 18) {
    throw new RangeError(`HyperLogLog precision must be an integer in [4, 18], got ${precision}`);
  }
  return { kind: 'hyperloglog', hash: HLL_HASH_VERSION, precision, sparse: {}, sparseSize: 0, dense: null };
}

/** Register-wise maximum of `from` into `into` (in place); returns `into`. */
export function mergeHyperLogLogStates(into: HyperLogLogState, from: HyperLogLogState): HyperLogLogState {
  if (into.precision !== from.precision || into.hash !== from.hash) {
    throw new SketchMergeError(
      `HyperLogLogs of precision ${into.precision} (hash v${into.hash}) and ${from.precision} (hash v${from.hash}) cannot merge`,
    );
  }
  if (from.dense && !into.dense) toDense(into);
  if (into.dense) {
    const dense = into.dense;
    forEachDenseRegister(from, (index, value) => {
      if (value > (dense[index] ?? 0)) dense[index] = value;
    });
    return into;
  }
  // Both sparse: union at the sparse precision.
  const sparse = into.sparse ?? (into.sparse = {});
  for (const [key, value] of Object.entries(from.sparse ?? {})) {
    const current = sparse[key];
    if (current === undefined) into.sparseSize++;
    if (value > (current ?? 0)) sparse[key] = value;
  }
  if (into.sparseSize > (1 << into.precision) / 8) toDense(into);
  return into;
}

/**
 * The rank at precision p of a hash: 1 + the leading zeros of the bits after the top p, across both
 * lanes (64 − p bits in all, so 65 − p when they are all zero).
 */
function rankOf(high: number, low: number, precision: number): number {
  const rest = (high << precision) >>> 0;
  return rest !== 0 ? clz32(rest) + 1 : 32 - precision + clz32(low) + 1;
}

function toDense(s: HyperLogLogState): void {
  const dense = new Array<number>(1 << s.precision).fill(0);
  forEachDenseRegister(s, (index, value) => {
    if (value > (dense[index] ?? 0)) dense[index] = value;
  });
  s.dense = dense;
  s.sparse = null;
  s.sparseSize = 0;
}

/**
 * Visits the registers of `s` at its dense precision p. A sparse register (index i' at precision 25,
 * rank r') folds into index i' >> (25 − p); the dropped index bits come first in the rank at p, so the
 * rank is their leading zeros + 1 when they hold a 1, else (25 − p) + r'.
 */
function forEachDenseRegister(s: HyperLogLogState, visit: (index: number, value: number) => void): void {
  if (s.dense) {
    s.dense.forEach((value, index) => {
      if (value > 0) visit(index, value);
    });
    return;
  }
  const dropped = SPARSE_PRECISION - s.precision;
  for (const [key, sparseRank] of Object.entries(s.sparse ?? {})) {
    const fine = Number(key);
    const extra = fine & ((1 << dropped) - 1);
    const rank = extra !== 0 ? clz32(extra) - (32 - dropped) + 1 : dropped + sparseRank;
    visit(fine >>> dropped, rank);
  }
}

/**
 * Ertl's improved estimator over 2^precision registers, given the values of the non-zero ones:
 * z = m·τ(1 − C[q+1]/m), then z ← (z + C[k])/2 for k = q..1, z += m·σ(C[0]/m); estimate α∞·m²/z.
 */
function estimateFrom(precision: number, values: readonly number[]): number {
  const m = 2 ** precision;
  const q = HASH_BITS - precision;
  const histogram = new Array<number>(q + 2).fill(0);
  for (const value of values) histogram[value] = (histogram[value] ?? 0) + 1;
  histogram[0] = m - values.length;
  let z = m * tau(1 - (histogram[q + 1] ?? 0) / m);
  for (let k = q; k >= 1; k--) z = 0.5 * (z + (histogram[k] ?? 0));
  z += m * sigma((histogram[0] ?? 0) / m);
  return (m * m) / (2 * Math.LN2 * z);
}

/** σ(x) = x + Σ_{k≥1} x^(2^k)·2^(k−1): the correction for untouched registers (Ertl 2017). */
function sigma(x: number): number {
  if (x === 1) return Infinity;
  let y = 1;
  let z = x;
  let previous: number;
  do {
    x *= x;
    previous = z;
    z += x * y;
    y += y;
  } while (z !== previous);
  return z;
}

/** τ(x) = (1 − x − Σ_{k≥1} (1 − x^(2^−k))²·2^−k) / 3: the correction for saturated registers. */
function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let y = 1;
  let z = 1 - x;
  let previous: number;
  do {
    x = Math.sqrt(x);
    previous = z;
    y *= 0.5;
    z -= (1 - x) ** 2 * y;
  } while (z !== previous);
  return z / 3;
}

function parseHyperLogLogState(json: unknown): HyperLogLogState {
  const s = json as Partial<HyperLogLogState> | null;
  const m = typeof s?.precision === 'number' ? 1 << s.precision : 0;
  const ok =
    typeof s === 'object' &&
    s !== null &&
    s.kind === 'hyperloglog' &&
    s.hash === HLL_HASH_VERSION &&
    typeof s.sparseSize === 'number' &&
    Number.isInteger(s.precision) &&
    (s.precision ?? 0) >= 4 &&
    (s.precision ?? 0) <= 18 &&
    ((Array.isArray(s.dense) && s.dense.length === m && s.sparse === null) ||
      (s.dense === null && typeof s.sparse === 'object' && s.sparse !== null));
  if (!ok) throw new SketchStateError('not the state of a HyperLogLog of this version');
  return s as HyperLogLogState;
}
