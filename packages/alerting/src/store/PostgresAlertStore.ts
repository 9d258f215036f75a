import type { Pool, PoolClient } from 'pg';
import type { GroupState } from '../group/AggregationGroup.js';
import type { AlertRecord, AlertTransition } from '../processing/AlertRecord.js';
import type { ProcessorOutput, ProcessorState } from '../processing/AlertProcessor.js';
import type { Silence } from '../silence/Silence.js';

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

/** A history row as the API shows it. */
export interface StoredTransition {
  fingerprint: string;
  rule: string;
  from: string | null;
  to: string;
  at: number;
  actor: string | null;
  reason: string | null;
}

/**
 * Alert processing state in Postgres: current state (alerts), history, silences, groups, escalation
 * timers, count-suppression times and the notification outbox. `commit` writes one processor step in
 * one transaction, every insert keyed so that writing the same step twice changes nothing; `load`
 * returns the state a restarted processor continues from.
 */
export class PostgresAlertStore {
  constructor(private readonly pool: Pool) {}

  async load(now: number, retainResolvedMs: number): Promise<ProcessorState> {
    const [alerts, groups, silences, times] = await Promise.all([
      this.pool.query<{ record: AlertRecord }>(
        `SELECT record FROM alerts WHERE record IS NOT NULL AND (resolved_at IS NULL OR resolved_at > $1)`,
        [iso(now - retainResolvedMs)],
      ),
      this.pool.query<{ state: GroupState }>(`SELECT state FROM alert_groups`),
      this.pool.query<{
        id: string;
        matchers: Silence['matchers'];
        starts_at: Date;
        ends_at: Date;
        created_by: string;
        comment: string;
      }>(
        `SELECT id, matchers, starts_at, ends_at, created_by, comment FROM alert_silences WHERE ends_at > $1`,
        [iso(now - retainResolvedMs)],
      ),
      this.pool.query<{ rule: string; alert_times: number[] }>(
        `SELECT rule, alert_times FROM alert_rule_alert_times`,
      ),
    ]);
    return {
      alerts: alerts.rows.map((row) => row.record),
      groups: groups.rows.map((row) => row.state),
      silences: silences.rows.map((row) => ({
        id: row.id,
        matchers: row.matchers,
        startsAt: row.starts_at.getTime(),
        endsAt: row.ends_at.getTime(),
        createdBy: row.created_by,
        comment: row.comment,
      })),
      ruleAlertTimes: Object.fromEntries(times.rows.map((row) => [row.rule, row.alert_times])),
    };
  }

  /** Writes one processor step atomically: state, history and the notifications it decided. */
  async commit(output: ProcessorOutput): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await this.write(client, output);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /**
   * Writes one processor step inside the caller's transaction, so that it commits together with
   * whatever else the step changed (consumed offsets, rule evaluation state, rules).
   */
  async write(client: PoolClient, output: ProcessorOutput): Promise<void> {
    await this.writeAlerts(client, output.alerts);
    await this.writeHistory(client, output.transitions);
    await this.writeGroups(client, output.groups, output.removedGroups);
    await this.writeSilences(client, output.silences);
    await this.writeAlertTimes(client, output.ruleAlertTimes);
    await this.writeNotifications(client, output);
  }

  async history(fingerprint: string): Promise<StoredTransition[]> {
    const result = await this.pool.query<{
      fingerprint: string;
      rule: string;
      from_status: string | null;
      to_status: string;
      at: Date;
      actor: string | null;
      reason: string | null;
    }>(
      `SELECT fingerprint, rule, from_status, to_status, at, actor, reason FROM alert_history
       WHERE fingerprint = $1 ORDER BY at, id`,
      [fingerprint],
    );
    return result.rows.map((row) => ({
      fingerprint: row.fingerprint,
      rule: row.rule,
      from: row.from_status,
      to: row.to_status,
      at: row.at.getTime(),
      actor: row.actor,
      reason: row.reason,
    }));
  }

  /** Escalation timers due at or before `now` (for operators and a future multi-instance scheduler). */
  async dueEscalations(
    now: number,
  ): Promise<Array<{ fingerprint: string; policyId: string; nextLevel: number; dueAt: number }>> {
    const result = await this.pool.query<{
      fingerprint: string;
      policy_id: string;
      next_level: number;
      due_at: Date;
    }>(
      `SELECT fingerprint, policy_id, next_level, due_at FROM alert_escalations WHERE due_at <= $1 ORDER BY due_at`,
      [iso(now)],
    );
    return result.rows.map((row) => ({
      fingerprint: row.fingerprint,
      policyId: row.policy_id,
      nextLevel: row.next_level,
      dueAt: row.due_at.getTime(),
    }));
  }

  private async writeAlerts(client: PoolClient, alerts: readonly AlertRecord[]): Promise<void> {
    if (alerts.length === 0) return;
    const rows = alerts.map((alert) => ({
      fingerprint: alert.fingerprint,
      rule: alert.ruleId,
      severity: alert.severity,
      alert_key: alert.labels.key ?? '',
      status: alert.status,
      summary: alert.summary,
      payload: alert.details ?? {},
      first_seen: iso(alert.startsAt),
      last_seen: iso(alert.lastSignalAt),
      labels: alert.labels,
      record: alert,
      starts_at: iso(alert.startsAt),
      acknowledged_at: iso(alert.acknowledgedAt),
      acknowledged_by: alert.acknowledgedBy ?? null,
      resolved_at: iso(alert.resolvedAt),
      updated_at: iso(alert.updatedAt),
    }));
    await client.query(
      `INSERT INTO alerts (id, fingerprint, rule, severity, alert_key, status, summary, payload, first_seen, last_seen,
         labels, record, starts_at, acknowledged_at, acknowledged_by, resolved_at, updated_at)
       SELECT gen_random_uuid(), r.fingerprint, r.rule, r.severity, r.alert_key, r.status, r.summary, r.payload,
         r.first_seen, r.last_seen, r.labels, r.record, r.starts_at, r.acknowledged_at, r.acknowledged_by,
         r.resolved_at, r.updated_at
       FROM jsonb_to_recordset($1::jsonb) AS r(fingerprint text, rule text, severity text, alert_key text,
         status text, summary text, payload jsonb, first_seen timestamptz, last_seen timestamptz, labels jsonb,
         record jsonb, starts_at timestamptz, acknowledged_at timestamptz, acknowledged_by text,
         resolved_at timestamptz, updated_at timestamptz)
       ON CONFLICT (fingerprint) DO UPDATE SET
         rule = EXCLUDED.rule, severity = EXCLUDED.severity, alert_key = EXCLUDED.alert_key,
         status = EXCLUDED.status, summary = EXCLUDED.summary, payload = EXCLUDED.payload,
         first_seen = EXCLUDED.first_seen, last_seen = EXCLUDED.last_seen, labels = EXCLUDED.labels,
         record = EXCLUDED.record, starts_at = EXCLUDED.starts_at, acknowledged_at = EXCLUDED.acknowledged_at,
         acknowledged_by = EXCLUDED.acknowledged_by, resolved_at = EXCLUDED.resolved_at,
         updated_at = EXCLUDED.updated_at`,
      [JSON.stringify(rows)],
    );
    const timers = alerts.flatMap((alert) =>
      alert.escalation?.dueAt === undefined
        ? []
        : [
            {
              fingerprint: alert.fingerprint,
              policy_id: alert.escalation.policyId,
              next_level: alert.escalation.nextLevel,
              due_at: iso(alert.escalation.dueAt),
            },
          ],
    );
    const stopped = alerts
      .filter((alert) => alert.escalation?.dueAt === undefined)
      .map((alert) => alert.fingerprint);
    if (stopped.length > 0)
      await client.query(`DELETE FROM alert_escalations WHERE fingerprint = ANY($1)`, [stopped]);
    if (timers.length > 0) {
      await client.query(
        `INSERT INTO alert_escalations (fingerprint, policy_id, next_level, due_at)
         SELECT r.fingerprint, r.policy_id, r.next_level, r.due_at
         FROM jsonb_to_recordset($1::jsonb) AS r(fingerprint text, policy_id text, next_level int, due_at timestamptz)
         ON CONFLICT (fingerprint) DO UPDATE SET policy_id = EXCLUDED.policy_id, next_level = EXCLUDED.next_level,
           due_at = EXCLUDED.due_at, updated_at = now()`,
        [JSON.stringify(timers)],
      );
    }
  }

  private async writeHistory(client: PoolClient, transitions: readonly AlertTransition[]): Promise<void> {
    if (transitions.length === 0) return;
    const rows = transitions.map((transition) => ({
      transition_key: transition.key,
      fingerprint: transition.fingerprint,
      rule: transition.ruleId,
      from_status: transition.from,
      to_status: transition.to,
      at: iso(transition.at),
      actor: transition.actor ?? null,
      reason: transition.reason ?? null,
    }));
    await client.query(
      `INSERT INTO alert_history (transition_key, fingerprint, rule, from_status, to_status, at, actor, reason)
       SELECT r.transition_key, r.fingerprint, r.rule, r.from_status, r.to_status, r.at, r.actor, r.reason
       FROM jsonb_to_recordset($1::jsonb) AS r(transition_key text, fingerprint text, rule text, from_status text,
         to_status text, at timestamptz, actor text, reason text)
       ON CONFLICT (transition_key) DO NOTHING`,
      [JSON.stringify(rows)],
    );
  }

  private async writeGroups(
    client: PoolClient,
    groups: readonly GroupState[],
    removed: readonly string[],
  ): Promise<void> {
    if (removed.length > 0)
      await client.query(`DELETE FROM alert_groups WHERE group_key = ANY($1)`, [removed]);
    if (groups.length === 0) return;
    const rows = groups.map((group) => ({
      group_key: group.key,
      route_id: group.routeId,
      state: group,
      next_flush_at: iso(group.nextFlushAt),
    }));
    await client.query(
      `INSERT INTO alert_groups (group_key, route_id, state, next_flush_at)
       SELECT r.group_key, r.route_id, r.state, r.next_flush_at
       FROM jsonb_to_recordset($1::jsonb) AS r(group_key text, route_id text, state jsonb, next_flush_at timestamptz)
       ON CONFLICT (group_key) DO UPDATE SET route_id = EXCLUDED.route_id, state = EXCLUDED.state,
         next_flush_at = EXCLUDED.next_flush_at, updated_at = now()`,
      [JSON.stringify(rows)],
    );
  }

  private async writeSilences(client: PoolClient, silences: readonly Silence[]): Promise<void> {
    if (silences.length === 0) return;
    const rows = silences.map((silence) => ({
      id: silence.id,
      matchers: silence.matchers,
      starts_at: iso(silence.startsAt),
      ends_at: iso(silence.endsAt),
      created_by: silence.createdBy,
      comment: silence.comment,
    }));
    await client.query(
      `INSERT INTO alert_silences (id, matchers, starts_at, ends_at, created_by, comment)
       SELECT r.id, r.matchers, r.starts_at, r.ends_at, r.created_by, r.comment
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, matchers jsonb, starts_at timestamptz, ends_at timestamptz,
         created_by text, comment text)
       ON CONFLICT (id) DO UPDATE SET matchers = EXCLUDED.matchers, starts_at = EXCLUDED.starts_at,
         ends_at = EXCLUDED.ends_at, comment = EXCLUDED.comment, updated_at = now()`,
      [JSON.stringify(rows)],
    );
  }

  private async writeAlertTimes(client: PoolClient, times: Record<string, number[]>): Promise<void> {
    const rows = Object.entries(times).map(([rule, alertTimes]) => ({ rule, alert_times: alertTimes }));
    if (rows.length === 0) return;
    await client.query(
      `INSERT INTO alert_rule_alert_times (rule, alert_times)
       SELECT r.rule, r.alert_times FROM jsonb_to_recordset($1::jsonb) AS r(rule text, alert_times jsonb)
       ON CONFLICT (rule) DO UPDATE SET alert_times = EXCLUDED.alert_times, updated_at = now()`,
      [JSON.stringify(rows)],
    );
  }

  private async writeNotifications(client: PoolClient, output: ProcessorOutput): Promise<void> {
    if (output.notifications.length === 0) return;
    const rows = output.notifications.map((notification) => ({
      idempotency_key: notification.idempotencyKey,
      channel_id: notification.channel,
      kind: notification.kind,
      payload: notification,
      next_attempt_at: iso(notification.createdAt),
    }));
    await client.query(
      `INSERT INTO alert_notifications (idempotency_key, channel_id, kind, payload, next_attempt_at)
       SELECT r.idempotency_key, r.channel_id, r.kind, r.payload, r.next_attempt_at
       FROM jsonb_to_recordset($1::jsonb) AS r(idempotency_key text, channel_id text, kind text, payload jsonb,
         next_attempt_at timestamptz)
       ON CONFLICT (idempotency_key) DO NOTHING`,
      [JSON.stringify(rows)],
    );
  }
}
