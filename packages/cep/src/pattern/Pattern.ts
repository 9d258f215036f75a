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
}
