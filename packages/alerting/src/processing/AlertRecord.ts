import type { AlertStatus } from '../alert/Alert.js';
import type { Labels } from '../alert/Labels.js';
import type { Severity } from '../alert/Severity.js';

/** Why an alert is in `suppressed`. Silences and inhibition are re-checked every step; the others stick. */
export type SuppressionReason =
  | { kind: 'silence'; silenceIds: string[] }
  | { kind: 'inhibition'; sourceFingerprints: string[] }
  | { kind: 'time_based'; windowMs: number }
  | { kind: 'count_based'; maxAlerts: number; windowMs: number };

/** Where an unacknowledged alert is on its escalation policy; `dueAt` is the persisted timer. */
export interface EscalationState {
  policyId: string;
  /** Index of the next level to notify. */
  nextLevel: number;
  /** When the next level is due; absent once the last level has been notified. */
  dueAt?: number;
  /** Channels paged so far in this episode; they hear about the acknowledge and the resolve. */
  pagedChannels: string[];
}

/**
 * The current state of one alert (one fingerprint). An episode runs from a firing signal to its
 * resolve; `startsAt` (event time) names the episode in idempotency keys and history.
 */
export interface AlertRecord {
  fingerprint: string;
  ruleId: string;
  labels: Labels;
  severity: Severity;
  summary: string;
  status: AlertStatus;
  route: string;
  /** Event time of the signal that started this episode. */
  startsAt: number;
  /** Processing time at which this episode was triggered; escalation delays count from here. */
  triggeredAt: number;
  lastSignalAt: number;
  /** Firing signals received in this episode: the count of deduplicated repeats plus one. */
  occurrences: number;
  value?: number;
  details?: Record<string, unknown>;
  acknowledgedAt?: number;
  acknowledgedBy?: string;
  resolvedAt?: number;
  resolvedBy?: string;
  /** Current mute reasons (silence, inhibition) and the re-alert suppression decided at trigger. */
  mutedBy?: SuppressionReason[];
  /** Set when this episode was suppressed at trigger by a time- or count-based rule; sticks until resolve. */
  suppressedAtTrigger?: SuppressionReason;
  /** Processing time of the last episode that was not suppressed at trigger (time-based suppression). */
  lastAlertedAt?: number;
  escalation?: EscalationState;
  updatedAt: number;
}

/** One lifecycle transition, as written to alert history and produced to alerts.events. */
export interface AlertTransition {
  /** Deterministic: replaying the same step yields the same key, so history inserts are idempotent. */
  key: string;
  fingerprint: string;
  ruleId: string;
  from: AlertStatus | null;
  to: AlertStatus;
  at: number;
  actor?: string;
  reason?: string;
}

export function isActive(alert: AlertRecord): boolean {
  return alert.status !== 'resolved';
}

/** The labels matchers see: the alert's labels plus `severity` and `alertname`. */
export function alertMatchLabels(alert: AlertRecord): Labels {
  return { alertname: alert.ruleId, ...alert.labels, severity: alert.severity };
}

/** Names one episode of one alert in keys. */
export function episodeId(alert: Pick<AlertRecord, 'fingerprint' | 'startsAt'>): string {
  return `${alert.fingerprint}@${alert.startsAt}`;
}

/**
 * The lifecycle status that follows from an alert's facts: resolved beats acknowledged beats
 * suppressed; an alert with none of those is triggered.
 */
export function deriveStatus(alert: AlertRecord): AlertStatus {
  if (alert.resolvedAt !== undefined) return 'resolved';
  if (alert.acknowledgedAt !== undefined) return 'acknowledged';
  if (alert.suppressedAtTrigger !== undefined || (alert.mutedBy?.length ?? 0) > 0) return 'suppressed';
  return 'triggered';
}
