import type { Alert } from '@streamforge/alerting';
import type { PartitionPosition } from '@streamforge/stream';
import { applyExactlyOnce } from '@streamforge/stream';
import type { Pool } from 'pg';

interface AlertRow {
  id: string;
  fingerprint: string;
  rule: string;
  severity: string;
  alert_key: string;
  status: string;
  summary: string | null;
  payload: Record<string, unknown>;
  first_seen: Date;
  last_seen: Date;
}

/** A stored alert as the API returns it. */
export interface StoredAlert {
  id: string;
  fingerprint: string;
  rule: string;
  severity: string;
  key: string;
  status: string;
  summary: string | null;
  payload: Record<string, unknown>;
  firstSeen: string;
  lastSeen: string;
}

/**
 * Alerts in Postgres, one row per fingerprint. A repeated fingerprint only moves `last_seen`, and the
 * consumed offset is stored in the same transaction, so neither a redelivered match nor a replayed
 * partition creates a second alert.
 */
export class AlertStore {
  constructor(private readonly pool: Pool) {}

  /** Stores a partition's alerts; returns the fingerprints that were new. */
  async record(
    position: PartitionPosition,
    records: ReadonlyArray<{ offset: string; alert?: Alert }>,
  ): Promise<string[]> {
    const created = await applyExactlyOnce(this.pool, position, records, async (client, fresh) => {
      const inserted: string[] = [];
      for (const { alert } of fresh) {
        if (alert === undefined) continue;
        const result = await client.query<{ inserted: boolean }>(
          `INSERT INTO alerts (id, fingerprint, rule, severity, alert_key, status, summary, payload, first_seen, last_seen)
           VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (fingerprint) DO UPDATE SET last_seen = GREATEST(alerts.last_seen, EXCLUDED.last_seen)
           RETURNING (xmax = 0) AS inserted`,
          [
            alert.fingerprint,
            alert.rule,
            alert.severity,
            alert.key,
            alert.status,
            alert.summary,
            JSON.stringify(alert.payload),
            new Date(alert.firstSeen).toISOString(),
            new Date(alert.lastSeen).toISOString(),
          ],
        );
        if (result.rows[0]?.inserted) inserted.push(alert.fingerprint);
      }
      return inserted;
    });
    return created ?? [];
  }

  async list(filter: {
    rule?: string;
    key?: string;
    status?: string;
    limit: number;
  }): Promise<StoredAlert[]> {
    const result = await this.pool.query<AlertRow>(
      `SELECT id, fingerprint, rule, severity, alert_key, status, summary, payload, first_seen, last_seen FROM alerts
       WHERE ($1::text IS NULL OR rule = $1) AND ($2::text IS NULL OR alert_key = $2) AND ($3::text IS NULL OR status = $3)
       ORDER BY first_seen DESC, fingerprint
       LIMIT $4`,
      [filter.rule ?? null, filter.key ?? null, filter.status ?? null, filter.limit],
    );
    return result.rows.map((row) => ({
      id: row.id,
      fingerprint: row.fingerprint,
      rule: row.rule,
      severity: row.severity,
      key: row.alert_key,
      status: row.status,
      summary: row.summary,
      payload: row.payload,
      firstSeen: row.first_seen.toISOString(),
      lastSeen: row.last_seen.toISOString(),
    }));
  }
}
