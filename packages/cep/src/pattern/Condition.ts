/**
 * What a condition sees besides the event under test: the events this partial match has already
 * accepted, by stage name (Flink's IterativeCondition.Context#getEventsForPattern). For a looping stage
 * the stage's own earlier events are visible, never the event under test.
 */
export interface ConditionContext<E> {
  events(stageName: string): readonly E[];
}

/** A simple condition ignores the context; an iterative one reads it. Both have this one shape. */
export type Condition<E> = (event: E, context: ConditionContext<E>) => boolean;

export function orCondition<E>(left: Condition<E>, right: Condition<E>): Condition<E> {
  return (event, context) => left(event, context) || right(event, context);
}

export function andCondition<E>(left: Condition<E>, right: Condition<E>): Condition<E> {
  return (event, context) => left(event, context) && right(event, context);
}

export const alwaysTrue = (): boolean => true;
