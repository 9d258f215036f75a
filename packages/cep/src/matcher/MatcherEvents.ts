/** A complete match of a registered pattern for one key. */
export interface CepMatch<E> {
  readonly patternId: string;
  readonly patternName: string;
  readonly key: string;
  /** The events each stage took, by stage name, in event order. */
  readonly events: Readonly<Record<string, readonly E[]>>;
  readonly startTimestamp: number;
  /** Event time of the event on which the match completed. */
  readonly completedAt: number;
}

/** A partial match that expired before completing (the timeout side output). */
export interface CepTimeout<E> {
  readonly patternId: string;
  readonly key: string;
  readonly events: Readonly<Record<string, readonly E[]>>;
  readonly startTimestamp: number;
  readonly timedOutAt: number;
}

/** An event that arrived behind the watermark or behind its key's last event: a side output, not dropped. */
export interface LateEvent<E> {
  readonly patternId: string;
  readonly key: string;
  readonly event: E;
  /** The time it fell behind: the watermark or the key's last processed event time. */
  readonly behind: number;
}

export interface MatcherEvents<E> {
  match: CepMatch<E>;
  timeout: CepTimeout<E>;
  late: LateEvent<E>;
}
