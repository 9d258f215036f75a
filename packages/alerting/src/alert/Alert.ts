import { createHash } from 'node:crypto';
import type { PatternMatch, Severity } from '@streamforge/cep';

export type AlertStatus = 'triggered' | 'acknowledged' | 'resolved' | 'suppressed';

/** An alert as stored and as published on alerts.events. */
export interface Alert {
  /** Stable identity: the same match always gives the same fingerprint, which is what dedup keys on. */
  fingerprint: string;
  rule: string;
  severity: Severity;
  key: string;
  status: AlertStatus;
  summary: string;
  firstSeen: number;
  lastSeen: number;
  payload: Record<string, unknown>;
}

export function fingerprint(rule: string, key: string, discriminator: string): string {
  return createHash('sha256').update(`${rule}\u0000${key}\u0000${discriminator}`).digest('hex').slice(0, 32);
}

/** A newly triggered alert for one CEP match: one alert per match, never two. */
export function alertFromMatch(match: PatternMatch): Alert {
  return {
    fingerprint: fingerprint(match.patternId, match.key, match.matchId),
    rule: match.patternId,
    severity: match.severity,
    key: match.key,
    status: 'triggered',
    summary: match.summary,
    firstSeen: match.matchedAt,
    lastSeen: match.matchedAt,
    payload: { matchId: match.matchId, eventIds: match.events.map((event) => event.eventId) },
  };
}
