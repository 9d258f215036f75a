import type { Condition } from './Condition.js';
import type { Contiguity } from './Contiguity.js';

/**
 * A stage that takes events into the match: `min..max` of them (`min >= 1`, `max` may be Infinity),
 * or none at all when `optional` (Flink's optional applies to the whole quantifier: `times(2).optional()`
 * is zero or two, never one).
 */
export interface TakeStage<E> {
  readonly kind: 'take';
  readonly name: string;
  readonly condition: Condition<E>;
  readonly min: number;
  readonly max: number;
  readonly optional: boolean;
  /** Contiguity towards the previous stage's last event (unused for the first stage). */
  readonly contiguity: Contiguity;
  /** Contiguity between the stage's own events when it loops. */
  readonly innerContiguity: Contiguity;
  /** Greedy: while the stage can take an event it never hands that event to a later stage. */
  readonly greedy: boolean;
}

/**
 * A negated stage: `notNext` forbids its condition on the event right after the previous stage's last
 * event; `notFollowedBy` forbids it on every event up to and including the next stage's first event.
 */
export interface NegationStage<E> {
  readonly kind: 'notNext' | 'notFollowedBy';
  readonly name: string;
  readonly condition: Condition<E>;
}

export type Stage<E> = TakeStage<E> | NegationStage<E>;
