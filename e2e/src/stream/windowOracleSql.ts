import { Client } from 'pg';
import type { PlacedEvent } from './windowEvents.js';
import { WINDOW_JOB } from './windowJob.js';

/** Final totals per window, `${op} ${key} ${start} ${end}` → `count/sum`, and the late event ids per operator. */
export interface WindowTruth {
  windows: Map<string, string>;
  late: Record<'tumbling' | 'sliding' | 'session', number[]>;
}

/**
 * The window job's results computed in one batch by Postgres, sharing nothing with the engine but
 * the documented semantics: each task's watermark is, before each record of its partition, the
 * largest earlier timestamp of that partition − bound − 1; a window takes a value until
 * end − 1 + lateness ≤ watermark; a session value is late when t + gap − 1 + lateness ≤ watermark.
 */
export async function windowTruthInPostgres(
  url: string,
  events: readonly PlacedEvent[],
): Promise<WindowTruth> {
  const { boundMs, latenessMs, tumblingMs, gapMs } = WINDOW_JOB;
  const { sizeMs, slideMs } = WINDOW_JOB.sliding;
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    // A temporary table: private to this connection, gone with it.
    await client.query(
      'create temp table ev (id int primary key, key text not null, t bigint not null, amount int not null, part int not null, seq int not null)',
    );
    for (let start = 0; start < events.length; start += 20_000) {
      const chunk = events.slice(start, start + 20_000);
      await client.query(
        'insert into ev select * from unnest($1::int[], $2::text[], $3::bigint[], $4::int[], $5::int[], $6::int[])',
        [
          chunk.map((e) => e.id),
          chunk.map((e) => e.key),
          chunk.map((e) => e.t),
          chunk.map((e) => e.amount),
          chunk.map((e) => e.partition),
          chunk.map((_, i) => start + i),
        ],
      );
    }
    await client.query(`
      create temp table evw as
      select *, max(t) over (partition by part order by seq rows between unbounded preceding and 1 preceding)
                - ${boundMs} - 1 as wm
      from ev`);

    const windows = new Map<string, string>();
    const late = { tumbling: [] as number[], sliding: [] as number[], session: [] as number[] };
    const aligned = async (op: 'tumbling' | 'sliding', size: number, slide: number) => {
      await client.query(`
        create temp table ${op}_w as
        select e.id, e.key, e.amount, s.start, s.start + ${size} as "end",
               (e.wm is null or s.start + ${size} - 1 + ${latenessMs} > e.wm) as taken
        from evw e
        cross join lateral (
          select (e.t / ${slide}) * ${slide} - k * ${slide} as start
          from generate_series(0, ${size / slide - 1}) as k
        ) s
        where s.start > e.t - ${size}`);
      const totals = await client.query<{
        key: string;
        start: string;
        end: string;
        count: string;
        sum: string;
      }>(
        `select key, start, "end", count(*) as count, sum(amount) as sum from ${op}_w where taken group by key, start, "end"`,
      );
      for (const row of totals.rows)
        windows.set(`${op} ${row.key} ${row.start} ${row.end}`, `${row.count}/${row.sum}`);
      const lateRows = await client.query<{ id: number }>(
        `select id from ${op}_w group by id having not bool_or(taken) order by id`,
      );
      late[op] = lateRows.rows.map((row) => row.id);
    };
    await aligned('tumbling', tumblingMs, tumblingMs);
    await aligned('sliding', sizeMs, slideMs);

    const sessionLate = `(wm is not null and t + ${gapMs} - 1 + ${latenessMs} <= wm)`;
    const sessions = await client.query<{
      key: string;
      start: string;
      end: string;
      count: string;
      sum: string;
    }>(`
      with accepted as (select * from evw where not ${sessionLate}),
      marked as (
        select key, t, id, amount,
               case when t - lag(t) over (partition by key order by t, id) < ${gapMs} then 0 else 1 end as opens
        from accepted),
      grouped as (
        select key, t, amount, sum(opens) over (partition by key order by t, id rows unbounded preceding) as session
        from marked)
      select key, min(t) as start, max(t) + ${gapMs} as "end", count(*) as count, sum(amount) as sum
      from grouped group by key, session`);
    for (const row of sessions.rows)
      windows.set(`session ${row.key} ${row.start} ${row.end}`, `${row.count}/${row.sum}`);
    const sessionLateRows = await client.query<{ id: number }>(
      `select id from evw where ${sessionLate} order by id`,
    );
    late.session = sessionLateRows.rows.map((row) => row.id);
    return { windows, late };
  } finally {
    await client.end();
  }
}
