import type { MergeableAggregateFunction } from '@streamforge/stream';
import { getOwn, setOwn } from '../internal/ownRecord.js';

export interface KeyFeaturesOptions<T> {
  /** The category whose counts and shares are features (event type, country). */
  categoryOf?: (value: T) => string | undefined;
  /** A number summed per window (amount); values without it add nothing. */
  amountOf?: (value: T) => number | undefined;
  /** The event time of a value, for first/last seen and velocity. */
  timestampOf: (value: T) => number;
}

export interface KeyFeaturesAccumulator {
  count: number;
  amount: number;
  byCategory: Record<string, number>;
  firstSeen: number | null;
  lastSeen: number | null;
}

/** Per-key features over a window, for the CEP and alert engines and for scoring. */
export interface KeyFeatures {
  count: number;
  amount: number;
  /** Count per category. */
  byCategory: Record<string, number>;
  /** Share of the window's values per category (sums to 1 when every value has a category). */
  ratios: Record<string, number>;
  firstSeen: number | null;
  lastSeen: number | null;
  /** Values per minute between the first and the last one (null with fewer than two distinct times). */
  perMinute: number | null;
}

/** Counts, sums, category counts and ratios and velocity of one key's values in a window; mergeable. */
export function keyFeaturesAggregate<T>(
  options: KeyFeaturesOptions<T>,
): MergeableAggregateFunction<T, KeyFeaturesAccumulator, KeyFeatures> {
  const { categoryOf, amountOf, timestampOf } = options;
  return {
    createAccumulator: () => ({ count: 0, amount: 0, byCategory: {}, firstSeen: null, lastSeen: null }),
    add: (acc, value) => {
      acc.count++;
      acc.amount += amountOf?.(value) ?? 0;
      const category = categoryOf?.(value);
      if (category !== undefined)
        setOwn(acc.byCategory, category, (getOwn(acc.byCategory, category) ?? 0) + 1);
      const t = timestampOf(value);
      if (acc.firstSeen === null || t < acc.firstSeen) acc.firstSeen = t;
      if (acc.lastSeen === null || t > acc.lastSeen) acc.lastSeen = t;
      return acc;
    },
    getResult: (acc) => {
      const ratios: Record<string, number> = {};
      for (const [category, n] of Object.entries(acc.byCategory)) setOwn(ratios, category, n / acc.count);
      const span = acc.firstSeen === null || acc.lastSeen === null ? 0 : acc.lastSeen - acc.firstSeen;
      return {
        count: acc.count,
        amount: acc.amount,
        byCategory: { ...acc.byCategory },
        ratios,
        firstSeen: acc.firstSeen,
        lastSeen: acc.lastSeen,
        perMinute: span > 0 ? (acc.count / span) * 60_000 : null,
      };
    },
    merge: (a, b) => {
      const byCategory: Record<string, number> = { ...a.byCategory };
      for (const [category, n] of Object.entries(b.byCategory)) {
        setOwn(byCategory, category, (getOwn(byCategory, category) ?? 0) + n);
      }
      const pick = (x: number | null, y: number | null, better: (p: number, q: number) => boolean) =>
        x === null ? y : y === null ? x : better(x, y) ? x : y;
      return {
        count: a.count + b.count,
        amount: a.amount + b.amount,
        byCategory,
        firstSeen: pick(a.firstSeen, b.firstSeen, (p, q) => p < q),
        lastSeen: pick(a.lastSeen, b.lastSeen, (p, q) => p > q),
      };
    },
  };
}
