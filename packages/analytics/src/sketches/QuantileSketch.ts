/**
 * A mergeable quantile summary. Implementations keep their state as plain JSON (`state`), so a sketch
 * can be checkpointed, sent between partitions and merged, and a library behind it can be swapped.
 */
export interface QuantileSketch<S> {
  /** The sketch's state itself (not a copy): JSON-serialisable, changed by add and merge. */
  readonly state: S;
  readonly count: number;
  /** Exact smallest and largest values added; undefined while empty. */
  readonly min: number | undefined;
  readonly max: number | undefined;
  readonly sum: number;
  add(value: number, weight?: number): this;
  /** The value at quantile q in [0, 1]; undefined while empty. */
  quantile(q: number): number | undefined;
  merge(other: QuantileSketch<S>): this;
}
