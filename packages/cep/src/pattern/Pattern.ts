import type { Severity } from '../match/PatternMatch.js';
import type { AfterMatchSkipStrategy } from '../skip/AfterMatchSkipStrategy.js';
import type { Stage } from './Stage.js';

/** The part of an event the matcher needs: its event time in epoch milliseconds. */
export interface TimedEvent {
  readonly timestamp: number;
}

/** A validated, immutable pattern, as produced by `PatternBuilder#build` or a pattern file. */
export interface Pattern<E extends TimedEvent> {
  readonly id: string;
  readonly name: string;
  readonly severity: Severity;
  readonly description?: string;
  readonly stages: readonly Stage<E>[];
  /** First event to last event must be strictly less than this many ms apart (Flink's within). */
  readonly withinMs?: number;
  readonly skipStrategy: AfterMatchSkipStrategy;
  /** Partial matches never mix keys: each key has its own runs. */
  readonly keyBy: (event: E) => string;
  /**
   * The event field `keyBy` reads, when it is one field (`userId` by default): a runtime that keys its
   * stream by a field checks with it that the pattern's partial matches are per that same key.
   */
  readonly keyField?: string;
}

/** What a match or timeout record says about its pattern. */
export type PatternIdentity = Pick<Pattern<TimedEvent>, 'id' | 'name' | 'severity'>;
