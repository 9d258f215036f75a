import type { StreamEvent } from '@streamforge/stream';

export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';

/**
 * One complete match of a pattern, as written to cep.matches. `matchId` is derived from the pattern and
 * the matched event ids, so matching the same events again (a replay, a redelivery) yields the same id.
 */
export interface PatternMatch {
  matchId: string;
  patternId: string;
  /** The key the pattern was evaluated per (a user id). */
  key: string;
  severity: Severity;
  summary: string;
  events: StreamEvent[];
  /** Event time of the event that completed the match. */
  matchedAt: number;
}

export function matchId(patternId: string, events: readonly StreamEvent[]): string {
  return `${patternId}:${events.map((event) => event.eventId).join('+')}`;
}
