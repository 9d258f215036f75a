import type { Pool } from 'pg';
import type { AlertStatus } from '../alert/Alert.js';
import type { Severity } from '../alert/Severity.js';
import type { AlertRecord, EscalationState } from '../processing/AlertRecord.js';
import type { Silence } from '../silence/Silence.js';

/** An alert as the API shows it; times are ISO-8601. */
export interface AlertView {
  id: string;
  fingerprint: string;
  rule: string;
  severity: string;
  status: string;
  summary: string | null;
  labels: Record<string, string>;
  key: string;
  startsAt: string;
  lastSeenAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  occurrences: number | null;
  /** What contributed: the CEP match and its event ids, the metric value … */
  details: Record<string, unknown>;
  escalation: EscalationState | null;
}

export interface AlertFilter {
  status?: AlertStatus;
  severity?: Severity;
  rule?: string;
  /** Alerts whose episode started at or after / before these times (epoch ms). */
  from?: number;
  to?: number;
  limit: number;
  offset: number;
}

interface AlertRow {
  id: string;
  fingerprint: string;
  rule: string;
  severity: string;
  status: string;
  summary: string | null;
  labels: Record<string, string>;
  alert_key: string;
  first_seen: Date;
  last_seen: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  resolved_at: Date | null;
  payload: Record<string, unknown>;
  record: AlertRecord | null;
}

const COLUMNS = `id, fingerprint, rule, severity, status, summary, labels, alert_key, first_seen, last_seen,
  acknowledged_at, acknowledged_by, resolved_at, payload, record`;

function toView(row: AlertRow): AlertView {
  return {
    id: row.id,
    fingerprint: row.fingerprint,
    rule: row.rule,
    severity: row.severity,
    status: row.status,
    summary: row.summary,
    labels: row.labels,
    key: row.alert_key,
    startsAt: row.first_seen.toISOString(),
    lastSeenAt: row.last_seen.toISOString(),
    acknowledgedAt: row.acknowledged_at?.toISOString() ?? null,
    acknowledgedBy: row.acknowledged_by,
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    resolvedBy: row.record?.resolvedBy ?? null,
    occurrences: row.record?.occurrences ?? null,
    details: row.payload,
    escalation: row.record?.escalation ?? null,
  };
}

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

/** Read-side queries for the alerts API; the processor never reads through them. */
export class PostgresAlertQueries {
  constructor(private readonly pool: Pool) {}

  /** Newest episodes first; `hasMore` tells whether another page exists. */
  async listAlerts(filter: AlertFilter): Promise<{ alerts: AlertView[]; hasMore: boolean }> {
    const result = await this.pool.query<AlertRow>(
      `SELECT ${COLUMNS} FROM alerts
       WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR severity = $2)
         AND ($3::text IS NULL OR rule = $3) AND ($4::timestamptz IS NULL OR first_seen >= $4)
         AND ($5::timestamptz IS NULL OR first_seen < $5)
       ORDER BY first_seen DESC, fingerprint
       LIMIT $6 OFFSET $7`,
      [
        filter.status ?? null,
        filter.severity ?? null,
        filter.rule ?? null,
        iso(filter.from),
        iso(filter.to),
        filter.limit + 1,
        filter.offset,
      ],
    );
    return {
      alerts: result.rows.slice(0, filter.limit).map(toView),
      hasMore: result.rows.length > filter.limit,
    };
  }

  /** By the alert's id or its fingerprint. */
  async getAlert(idOrFingerprint: string): Promise<AlertView | undefined> {
    const result = await this.pool.query<AlertRow>(
      `SELECT ${COLUMNS} FROM alerts WHERE id::text = $1 OR fingerprint = $1 LIMIT 1`,
      [idOrFingerprint],
    );
    const row = result.rows[0];
    return row === undefined ? undefined : toView(row);
  }

  /** Silences by state at `now`: active, pending (not started), expired, or all; newest first. */
  async listSilences(
    state: 'active' | 'pending' | 'expired' | 'all',
    now: number,
    limit: number,
  ): Promise<Silence[]> {
    const result = await this.pool.query<{
      id: string;
      matchers: Silence['matchers'];
      starts_at: Date;
      ends_at: Date;
      created_by: string;
      comment: string;
    }>(
      `SELECT id, matchers, starts_at, ends_at, created_by, comment FROM alert_silences
       WHERE CASE $1::text
         WHEN 'active' THEN starts_at <= $2 AND ends_at > $2
         WHEN 'pending' THEN starts_at > $2
         WHEN 'expired' THEN ends_at <= $2
         ELSE true END
       ORDER BY starts_at DESC, id LIMIT $3`,
      [state, iso(now), limit],
    );
    return result.rows.map((row) => ({
      id: row.id,
      matchers: row.matchers,
      startsAt: row.starts_at.getTime(),
      endsAt: row.ends_at.getTime(),
      createdBy: row.created_by,
      comment: row.comment,
    }));
  }
}
