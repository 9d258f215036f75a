/** A mergeable approximate distinct counter whose state is plain JSON (so the library can be swapped). */
export interface DistinctCounter<S> {
  /** The counter's state itself (not a copy), changed by add and merge. */
  readonly state: S;
  add(item: string): this;
  /** The estimated number of distinct items added. */
  estimate(): number;
  merge(other: DistinctCounter<S>): this;
}
