import { readdirSync } from 'node:fs';
import { Client } from 'pg';
import { silentLog } from '../Log.js';
import { ensureDatabase } from './ensureDatabase.js';
import { ensurePostgres } from './ensurePostgres.js';
import { findMigrationsDir } from './findMigrationsDir.js';
import { migrate } from './migrate.js';

const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A throwaway database per run, so that the test always starts from an empty schema. */
describe('migrate', () => {
  const database = `streamforge_migrate_it_${process.pid}`;
  const url = Object.assign(new URL(SERVER_URL), { pathname: `/${database}` }).toString();

  beforeAll(async () => {
    await ensurePostgres({ url: SERVER_URL, log: silentLog });
    expect(await ensureDatabase(url)).toEqual({ created: true });
    expect(await ensureDatabase(url)).toEqual({ created: false });
  });

  afterAll(async () => {
    const admin = new Client({ connectionString: SERVER_URL });
    await admin.connect();
    await admin.query(`drop database if exists "${database}"`);
    await admin.end();
  });

  it('applies every migration once, even when several callers race', async () => {
    const results = await Promise.all([1, 2, 3].map(() => migrate(url, { log: silentLog })));
    const applied = results.flatMap((result) => result.applied);
    // Every migration file, once each, in order: the racing callers share the work, none repeats it.
    const files = readdirSync(findMigrationsDir())
      .filter((file) => file.endsWith('.sql'))
      .map((file) => file.replace(/\.sql$/, ''))
      .sort();
    expect(files.slice(0, 2)).toEqual([
      '1763856000000_initial-schema',
      '1763900000000_offsets-per-kafka-cluster',
    ]);
    expect(applied).toEqual(files);
    expect(await migrate(url, { log: silentLog })).toEqual({ applied: [] });

    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const tables = await client.query<{ table_name: string }>(
        `select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
      );
      // The foundation's tables; later migrations add their own, which their packages test.
      expect(tables.rows.map((row) => row.table_name)).toEqual(
        expect.arrayContaining(['alerts', 'consumer_offsets', 'pgmigrations', 'window_counts']),
      );
      const keys = await client.query<{ table_name: string; columns: string }>(
        `select tc.table_name, string_agg(kcu.column_name, ',' order by kcu.ordinal_position) as columns
           from information_schema.table_constraints tc
           join information_schema.key_column_usage kcu using (constraint_schema, constraint_name)
          where tc.constraint_type = 'PRIMARY KEY' and tc.table_schema = 'public'
            and tc.table_name in ('alerts', 'consumer_offsets', 'window_counts')
          group by tc.table_name order by tc.table_name`,
      );
      expect(keys.rows).toEqual([
        { table_name: 'alerts', columns: 'id' },
        { table_name: 'consumer_offsets', columns: 'cluster_id,consumer_group,topic,partition' },
        { table_name: 'window_counts', columns: 'event_type,window_start' },
      ]);
      const index = await client.query(
        `select indexdef from pg_indexes where indexname = 'alerts_rule_alert_key_idx'`,
      );
      expect(index.rows[0]).toEqual({ indexdef: expect.stringContaining('(rule, alert_key)') });
    } finally {
      await client.end();
    }
  });
});
