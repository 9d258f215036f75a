import type { PartitionPosition } from '@streamforge/stream';
import { applyExactlyOnce } from '@streamforge/stream';
import type { Pool } from 'pg';

/** The count of one event type in one tumbling window. */
export interface WindowCount {
  eventType: string;
  windowStart: number;
  windowEnd: number;
  count: number;
}

/** One consumed record, reduced to what the counts need; dead letters carry only their offset. */
export interface CountedRecord {
  offset: string;
  eventType?: string;
  windowStart?: number;
  windowEnd?: number;
}

interface WindowCountRow {
  event_type: string;
  window_start: Date;
  window_end: Date;
  count: string;
}

/**
 * The Postgres sink of window counts. Counts are added in the same transaction that records the
 * consumed offset (`applyExactlyOnce`), so a redelivered batch is counted once.
 */
export class WindowCountStore {
  constructor(private readonly pool: Pool) {}

  /** Adds a partition's batch to the counts; returns the new totals of the windows it touched. */
  async add(position: PartitionPosition, records: readonly CountedRecord[]): Promise<WindowCount[]> {
    const totals = await applyExactlyOnce(this.pool, position, records, async (client, fresh) => {
      const rows = countByWindow(fresh);
      if (rows.length === 0) return [];
      const result = await client.query<WindowCountRow>(
        `INSERT INTO window_counts (event_type, window_start, window_end, count)
         SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[], $4::bigint[])
         ON CONFLICT (event_type, window_start)
         DO UPDATE SET count = window_counts.count + EXCLUDED.count, updated_at = now()
         RETURNING event_type, window_start, window_end, count`,
        [
          rows.map((row) => row.eventType),
          rows.map((row) => new Date(row.windowStart).toISOString()),
          rows.map((row) => new Date(row.windowEnd).toISOString()),
          rows.map((row) => row.count),
        ],
      );
      return result.rows.map(toWindowCount);
    });
    return totals ?? [];
  }

  async query(filter: {
    eventType?: string;
    from?: number;
    to?: number;
    limit: number;
  }): Promise<WindowCount[]> {
    const result = await this.pool.query<WindowCountRow>(
      `SELECT event_type, window_start, window_end, count FROM window_counts
       WHERE ($1::text IS NULL OR event_type = $1)
         AND ($2::timestamptz IS NULL OR window_start >= $2)
         AND ($3::timestamptz IS NULL OR window_start < $3)
       ORDER BY window_start, event_type
       LIMIT $4`,
      [
        filter.eventType ?? null,
        filter.from === undefined ? null : new Date(filter.from).toISOString(),
        filter.to === undefined ? null : new Date(filter.to).toISOString(),
        filter.limit,
      ],
    );
    return result.rows.map(toWindowCount);
  }
}

/**
 * Sums a batch per (event type, window), sorted so that concurrent partitions lock shared window rows
 * in the same order and cannot deadlock.
 */
function countByWindow(records: readonly CountedRecord[]): WindowCount[] {
  const counts = new Map<string, WindowCount>();
  for (const { eventType, windowStart, windowEnd } of records) {
    if (eventType === undefined || windowStart === undefined || windowEnd === undefined) continue;
    const id = `${eventType}\u0000${windowStart}`;
    const entry = counts.get(id) ?? { eventType, windowStart, windowEnd, count: 0 };
    entry.count += 1;
    counts.set(id, entry);
  }
  return [...counts.values()].sort(
    (a, b) => a.eventType.localeCompare(b.eventType) || a.windowStart - b.windowStart,
  );
}

function toWindowCount(row: WindowCountRow): WindowCount {
  return {
    eventType: row.event_type,
    windowStart: row.window_start.getTime(),
    windowEnd: row.window_end.getTime(),
    count: Number(row.count),
  };
}
