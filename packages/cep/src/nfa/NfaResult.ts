/** A complete match of one key: the events each stage took, in event order. */
export interface NfaMatch<E> {
  readonly events: Readonly<Record<string, readonly E[]>>;
  readonly startTimestamp: number;
  /** Event time of the event on which the match completed. */
  readonly completedAt: number;
}

/** A partial match that could not complete within the pattern's window (Flink's timeout side output). */
export interface NfaTimeout<E> {
  readonly events: Readonly<Record<string, readonly E[]>>;
  readonly startTimestamp: number;
  /** startTimestamp + within: the event time at which the run expired. */
  readonly timedOutAt: number;
}

export interface NfaOutput<E> {
  readonly matches: NfaMatch<E>[];
  readonly timeouts: NfaTimeout<E>[];
}
