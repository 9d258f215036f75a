import type { Pool } from 'pg';

/** One lifecycle transition as produced to alerts.events (version 1). */
export interface AlertEvent {
  version: 1;
  /** Unique per transition and stable across replays: consumers drop repeats by it. */
  transitionKey: string;
  fingerprint: string;
  rule: string;
  from: string | null;
  to: string;
  at: number;
  actor: string | null;
  reason: string | null;
  severity: string;
  summary: string | null;
  labels: Record<string, string>;
}

/** A transition waiting to be produced; `sequence` is its alert_history id. */
export interface PendingAlertEvent {
  sequence: string;
  event: AlertEvent;
}

/**
 * alert_history as the outbox of alerts.events: transitions are written by the step that made them;
 * a publisher produces them in history order and marks them published. A crash between the produce and
 * the mark produces a transition again, with the same transitionKey.
 */
export class PostgresAlertEvents {
  constructor(private readonly pool: Pool) {}

  async unpublished(limit: number): Promise<PendingAlertEvent[]> {
    const result = await this.pool.query<{
      id: string;
      transition_key: string;
      fingerprint: string;
      rule: string;
      from_status: string | null;
      to_status: string;
      at: Date;
      actor: string | null;
      reason: string | null;
      severity: string;
      summary: string | null;
      labels: Record<string, string>;
    }>(
      `SELECT h.id, h.transition_key, h.fingerprint, h.rule, h.from_status, h.to_status, h.at, h.actor, h.reason,
         a.severity, a.summary, a.labels
       FROM alert_history h JOIN alerts a ON a.fingerprint = h.fingerprint
       WHERE h.published_at IS NULL ORDER BY h.id LIMIT $1`,
      [limit],
    );
    return result.rows.map((row) => ({
      sequence: String(row.id),
      event: {
        version: 1,
        transitionKey: row.transition_key,
        fingerprint: row.fingerprint,
        rule: row.rule,
        from: row.from_status,
        to: row.to_status,
        at: row.at.getTime(),
        actor: row.actor,
        reason: row.reason,
        severity: row.severity,
        summary: row.summary,
        labels: row.labels,
      },
    }));
  }

  async markPublished(sequences: readonly string[]): Promise<void> {
    if (sequences.length === 0) return;
    await this.pool.query(`UPDATE alert_history SET published_at = now() WHERE id = ANY($1::bigint[])`, [
      [...sequences],
    ]);
  }
}
