import { createHash } from 'node:crypto';
import type { AlertStatus } from '../alert/Alert.js';
import type { Labels } from '../alert/Labels.js';
import type { Severity } from '../alert/Severity.js';
import { SEVERITIES, severityRank } from '../alert/Severity.js';
import type { AlertRecord } from '../processing/AlertRecord.js';

/** What the receiver should do with its incident: PagerDuty's event_action, and the tone of a message. */
export type NotificationAction = 'trigger' | 'acknowledge' | 'resolve';

/** An alert as a notification shows it: no processing internals. */
export interface NotifiedAlert {
  fingerprint: string;
  ruleId: string;
  labels: Labels;
  severity: Severity;
  status: AlertStatus;
  summary: string;
  startsAt: number;
  resolvedAt?: number;
  acknowledgedBy?: string;
  value?: number;
}

/**
 * One message for one channel, as stored in the outbox. It holds no secret: the channel id is
 * resolved to a configured channel (with its URL, token, password) only at delivery time.
 */
export interface Notification {
  /** Stable across retries and replays of the same step; receivers drop repeats by it. */
  idempotencyKey: string;
  channel: string;
  kind: 'group' | 'escalation';
  action: NotificationAction;
  /** The incident this message belongs to: the group key, or the alert fingerprint for escalations. */
  dedupKey: string;
  title: string;
  severity: Severity;
  groupLabels: Labels;
  alerts: NotifiedAlert[];
  createdAt: number;
  escalationLevel?: number;
}

/** The per-channel idempotency key of a logical notification. */
export function idempotencyKey(logicalKey: string, channel: string): string {
  return `sf-${createHash('sha256').update(`${logicalKey}\u0000${channel}`).digest('hex').slice(0, 40)}`;
}

export function notifiedAlert(alert: AlertRecord): NotifiedAlert {
  const shown: NotifiedAlert = {
    fingerprint: alert.fingerprint,
    ruleId: alert.ruleId,
    labels: alert.labels,
    severity: alert.severity,
    status: alert.status,
    summary: alert.summary,
    startsAt: alert.startsAt,
  };
  if (alert.resolvedAt !== undefined) shown.resolvedAt = alert.resolvedAt;
  if (alert.acknowledgedBy !== undefined) shown.acknowledgedBy = alert.acknowledgedBy;
  if (alert.value !== undefined) shown.value = alert.value;
  return shown;
}

/** The most severe of the alerts (info for none). */
export function highestSeverity(alerts: ReadonlyArray<{ severity: Severity }>): Severity {
  let best: Severity = 'info';
  for (const { severity } of alerts) if (severityRank(severity) < severityRank(best)) best = severity;
  return SEVERITIES.includes(best) ? best : 'info';
}

/** One Notification per channel for one logical message. */
export function fanOut(
  logicalKey: string,
  channels: readonly string[],
  message: Omit<Notification, 'idempotencyKey' | 'channel'>,
): Notification[] {
  return [...new Set(channels)].map((channel) => ({
    ...message,
    channel,
    idempotencyKey: idempotencyKey(logicalKey, channel),
  }));
}
