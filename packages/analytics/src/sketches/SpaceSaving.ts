import { SketchMergeError, SketchStateError } from '../errors.js';
import { getOwn, setOwn } from '../internal/ownRecord.js';
import type { TopK, TopKEntry } from './TopK.js';

/** Plain-JSON Space-Saving state: at most `capacity` monitored items, each [count, error]. */
export interface SpaceSavingState {
  kind: 'space-saving';
  capacity: number;
  /** Total weight added, so callers can turn counts into shares. */
  total: number;
  size: number;
  counters: Record<string, [count: number, error: number]>;
}

export interface SpaceSavingOptions {
  /**
   * Monitored items (default 1000). Any item with true count > total / capacity is guaranteed to be
   * monitored, and each count over-estimates by at most total / capacity; use a capacity several times
   * the k you report so the tail's noise stays below the top k.
   */
  capacity?: number;
}

export const DEFAULT_TOPK_CAPACITY = 1000;

/**
 * Top-K by Space-Saving (Metwally, Agrawal & El Abbadi 2005), merged as in "Mergeable Summaries"
 * (Agarwal et al. 2012) / Cafaro et al.: counts of the two summaries add, an item missing from a full
 * summary is charged that summary's minimum (its largest possible unseen count), and the `capacity`
 * largest remain. Written here rather than taken from bloom-filters because its TopK (count-min +
 * heap) has no merge for the heap, so per-partition partials could not be combined.
 */
export class SpaceSaving implements TopK<SpaceSavingState> {
  private constructor(readonly state: SpaceSavingState) {}

  static create(options: SpaceSavingOptions = {}): SpaceSaving {
    return new SpaceSaving(emptySpaceSavingState(options.capacity));
  }

  /** A view over existing state (not copied): adds change `state`. */
  static wrap(state: SpaceSavingState): SpaceSaving {
    return new SpaceSaving(state);
  }

  static fromJSON(json: unknown): SpaceSaving {
    return new SpaceSaving(parseSpaceSavingState(json));
  }

  add(item: string, weight = 1): this {
    if (!(weight > 0)) throw new RangeError(`weight must be > 0, got ${weight}`);
    const s = this.state;
    s.total += weight;
    const counter = getOwn(s.counters, item);
    if (counter) {
      counter[0] += weight;
      return this;
    }
    if (s.size < s.capacity) {
      setOwn(s.counters, item, [weight, 0]);
      s.size++;
      return this;
    }
    // Replace the least counted item: the newcomer may have been seen up to that many times before.
    const [victim, [minCount]] = minCounter(s);
    delete s.counters[victim];
    setOwn(s.counters, item, [minCount + weight, minCount]);
    return this;
  }

  top(k: number): TopKEntry[] {
    return sortedEntries(this.state).slice(0, k);
  }

  /** The estimate for one item: [count, error], or undefined when it is not monitored. */
  countOf(item: string): TopKEntry | undefined {
    const counter = getOwn(this.state.counters, item);
    return counter ? { item, count: counter[0], error: counter[1] } : undefined;
  }

  get total(): number {
    return this.state.total;
  }

  merge(other: TopK<SpaceSavingState>): this {
    mergeSpaceSavingStates(this.state, other.state);
    return this;
  }

  toJSON(): SpaceSavingState {
    return this.state;
  }
}

export function emptySpaceSavingState(capacity = DEFAULT_TOPK_CAPACITY): SpaceSavingState {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new RangeError(`Top-K capacity must be a positive integer, got ${capacity}`);
  }
  return { kind: 'space-saving', capacity, total: 0, size: 0, counters: {} };
}

/** Merges `from` into `into` (in place) and returns `into`. */
export function mergeSpaceSavingStates(into: SpaceSavingState, from: SpaceSavingState): SpaceSavingState {
  if (into.capacity !== from.capacity) {
    throw new SketchMergeError(
      `Top-K summaries of capacity ${into.capacity} and ${from.capacity} cannot merge`,
    );
  }
  // A summary that never evicted knows every item exactly: an absent item has count 0 there.
  const floorOf = (s: SpaceSavingState): number => (s.size < s.capacity ? 0 : minCounter(s)[1][0]);
  const intoFloor = floorOf(into);
  const fromFloor = floorOf(from);
  const merged: Array<[string, number, number]> = [];
  for (const [item, [count, error]] of Object.entries(into.counters)) {
    const other = getOwn(from.counters, item);
    merged.push(
      other ? [item, count + other[0], error + other[1]] : [item, count + fromFloor, error + fromFloor],
    );
  }
  for (const [item, [count, error]] of Object.entries(from.counters)) {
    if (getOwn(into.counters, item) === undefined) merged.push([item, count + intoFloor, error + intoFloor]);
  }
  merged.sort(byCountThenItem);
  const kept = merged.slice(0, into.capacity);
  const counters: Record<string, [number, number]> = {};
  for (const [item, count, error] of kept) setOwn(counters, item, [count, error]);
  into.counters = counters;
  into.size = kept.length;
  into.total += from.total;
  return into;
}

function minCounter(s: SpaceSavingState): [string, [number, number]] {
  // A linear scan per eviction (O(capacity)); the Stream-Summary bucket list would make it O(1) but
  // could not live in plain JSON state as simply. for...in avoids allocating an entries array.
  let minItem: string | undefined;
  let minCount = Infinity;
  for (const item in s.counters) {
    // for...in over a plain object visits own keys only (Object.prototype has no enumerable ones).
    const count = (s.counters[item] as [number, number])[0];
    // Ties go to the greatest item, so eviction does not depend on insertion order.
    if (count < minCount || (count === minCount && minItem !== undefined && item > minItem)) {
      minItem = item;
      minCount = count;
    }
  }
  if (minItem === undefined) throw new Error('minCounter of an empty Space-Saving summary');
  return [minItem, getOwn(s.counters, minItem) as [number, number]];
}

function sortedEntries(s: SpaceSavingState): TopKEntry[] {
  return Object.entries(s.counters)
    .map(([item, [count, error]]): [string, number, number] => [item, count, error])
    .sort(byCountThenItem)
    .map(([item, count, error]) => ({ item, count, error }));
}

function byCountThenItem(a: [string, number, number], b: [string, number, number]): number {
  return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
}

function parseSpaceSavingState(json: unknown): SpaceSavingState {
  const s = json as Partial<SpaceSavingState> | null;
  const ok =
    typeof s === 'object' &&
    s !== null &&
    s.kind === 'space-saving' &&
    Number.isInteger(s.capacity) &&
    typeof s.total === 'number' &&
    typeof s.counters === 'object' &&
    s.counters !== null &&
    Object.values(s.counters).every(
      (c) => Array.isArray(c) && c.length === 2 && typeof c[0] === 'number' && typeof c[1] === 'number',
    ) &&
    Object.keys(s.counters).length === s.size &&
    (s.size ?? 0) <= (s.capacity ?? 0);
  if (!ok) throw new SketchStateError('not the state of a Space-Saving Top-K summary');
  return s as SpaceSavingState;
}
