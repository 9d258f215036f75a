/** One heavy hitter: `count` over-estimates the true count by at most `error` (count − error ≤ true ≤ count). */
export interface TopKEntry {
  item: string;
  count: number;
  error: number;
}

/** A mergeable heavy-hitters summary whose state is plain JSON (so the library can be swapped). */
export interface TopK<S> {
  /** The summary's state itself (not a copy), changed by add and merge. */
  readonly state: S;
  add(item: string, weight?: number): this;
  /** The k most frequent items, most frequent first (ties by item, so the order is deterministic). */
  top(k: number): TopKEntry[];
  merge(other: TopK<S>): this;
}
