/**
 * The per-key matcher state, plain JSON by construction (numbers, strings, arrays, records and the
 * events themselves), so it can be checkpointed through @streamforge/stream and restored after a crash.
 */

/** (stage index, event sequence number): one event a run has taken, in the order taken. */
export type TakenEvent = [stage: number, seq: number];

/**
 * One partial match (Flink's ComputationState). It waits at take stage `stage` having taken `count`
 * events there; `pinned` means it skipped an event while waiting there and so may only take at this
 * stage next (Flink's separate "ignore" state, which has no PROCEED edge); `forbid` lists the
 * notFollowedBy stages whose condition kills it until it takes its next event.
 */
export interface RunState {
  stage: number;
  count: number;
  pinned: boolean;
  forbid: number[];
  taken: TakenEvent[];
  startSeq: number;
  startTimestamp: number;
}

/** A completed match held back until no earlier-started run is alive (only under a skip strategy). */
export interface PendingMatchState {
  taken: TakenEvent[];
  startSeq: number;
  /** Sequence number and event time of the event on which the match completed. */
  completedSeq: number;
  completedAt: number;
}

export interface KeyState<E> {
  /** Sequence number the next event of this key gets; orders events for the skip strategies. */
  nextSeq: number;
  lastTimestamp: number | null;
  /** Events referenced by runs or pending matches, by sequence number. */
  events: Record<string, E>;
  runs: RunState[];
  pending: PendingMatchState[];
}

export function emptyKeyState<E>(): KeyState<E> {
  return { nextSeq: 0, lastTimestamp: null, events: {}, runs: [], pending: [] };
}
