import type { Pool } from 'pg';
import type { Notification } from '../notify/Notification.js';

export type OutboxState = 'pending' | 'delivered' | 'dead';

/** One outbox row as delivery sees it. */
export interface OutboxEntry {
  id: string;
  idempotencyKey: string;
  channel: string;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  notification: Notification;
}

interface OutboxRow {
  id: string;
  idempotency_key: string;
  channel_id: string;
  state: OutboxState;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  payload: Notification;
}

const COLUMNS = 'id, idempotency_key, channel_id, state, attempts, next_attempt_at, last_error, payload';

function toEntry(row: OutboxRow): OutboxEntry {
  return {
    id: String(row.id),
    idempotencyKey: row.idempotency_key,
    channel: row.channel_id,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at.getTime(),
    lastError: row.last_error,
    notification: row.payload,
  };
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * The notification outbox table (alert_notifications). Rows are written by PostgresAlertStore.commit in
 * the transaction that decided them; this class hands due rows to delivery under a lease, so that two
 * dispatchers never send the same row at once and a crashed dispatcher's rows come back after the lease.
 */
export class PostgresOutbox {
  constructor(private readonly pool: Pool) {}

  /**
   * Leases up to `limit` due pending rows of the given channels until `now + leaseMs`, oldest due first.
   * A dispatcher claims only channels it has configured, so that rows for a channel another instance
   * (or a later configuration) owns are left for it instead of being failed here.
   */
  async claimDue(
    now: number,
    limit: number,
    leaseMs: number,
    channels: readonly string[],
  ): Promise<OutboxEntry[]> {
    const result = await this.pool.query<OutboxRow>(
      `UPDATE alert_notifications SET locked_until = $2, updated_at = now()
       WHERE id IN (
         SELECT id FROM alert_notifications
         WHERE state = 'pending' AND next_attempt_at <= $1 AND (locked_until IS NULL OR locked_until <= $1)
           AND channel_id = ANY($4)
         ORDER BY next_attempt_at, id
         LIMIT $3
         FOR UPDATE SKIP LOCKED)
       RETURNING ${COLUMNS}`,
      [iso(now), iso(now + leaseMs), limit, [...channels]],
    );
    return result.rows
      .map(toEntry)
      .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || Number(a.id) - Number(b.id));
  }

  async markDelivered(id: string, attempts: number, now: number): Promise<void> {
    await this.pool.query(
      `UPDATE alert_notifications SET state = 'delivered', attempts = $2, delivered_at = $3, locked_until = NULL,
         last_error = NULL, updated_at = now() WHERE id = $1`,
      [id, attempts, iso(now)],
    );
  }

  async markRetry(id: string, attempts: number, nextAttemptAt: number, error: string): Promise<void> {
    await this.pool.query(
      `UPDATE alert_notifications SET attempts = $2, next_attempt_at = $3, last_error = $4, locked_until = NULL,
         updated_at = now() WHERE id = $1`,
      [id, attempts, iso(nextAttemptAt), error],
    );
  }

  async markDead(id: string, attempts: number, error: string): Promise<void> {
    await this.pool.query(
      `UPDATE alert_notifications SET state = 'dead', attempts = $2, last_error = $3, locked_until = NULL,
         updated_at = now() WHERE id = $1`,
      [id, attempts, error],
    );
  }

  /** Puts a row back without spending an attempt (the channel's rate limit said wait). */
  async defer(id: string, nextAttemptAt: number): Promise<void> {
    await this.pool.query(
      `UPDATE alert_notifications SET next_attempt_at = $2, locked_until = NULL, updated_at = now() WHERE id = $1`,
      [id, iso(nextAttemptAt)],
    );
  }

  /** Rows by state (the dead letters, for the API), newest first. */
  async list(filter: { state?: OutboxState; channel?: string; limit: number }): Promise<OutboxEntry[]> {
    const result = await this.pool.query<OutboxRow>(
      `SELECT ${COLUMNS} FROM alert_notifications
       WHERE ($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR channel_id = $2)
       ORDER BY id DESC LIMIT $3`,
      [filter.state ?? null, filter.channel ?? null, filter.limit],
    );
    return result.rows.map(toEntry);
  }

  async get(idempotencyKey: string): Promise<OutboxEntry | undefined> {
    const result = await this.pool.query<OutboxRow>(
      `SELECT ${COLUMNS} FROM alert_notifications WHERE idempotency_key = $1`,
      [idempotencyKey],
    );
    const row = result.rows[0];
    return row === undefined ? undefined : toEntry(row);
  }

  /** Gives a dead letter a fresh set of attempts, due at `now`. */
  async redrive(id: string, now: number): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE alert_notifications SET state = 'pending', attempts = 0, next_attempt_at = $2, locked_until = NULL,
         updated_at = now() WHERE id = $1 AND state = 'dead'`,
      [id, iso(now)],
    );
    return (result.rowCount ?? 0) > 0;
  }
}
