import { Client } from 'pg';

/**
 * Creates the URL's database when it does not exist, connecting to the server's `postgres` database to
 * do it. Concurrent callers may race to create it; the loser's duplicate error means the same as success.
 */
export async function ensureDatabase(url: string): Promise<{ created: boolean }> {
  const target = new URL(url);
  const database = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!database || database === 'postgres') return { created: false };
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new Client({ connectionString: maintenance.toString(), connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount) return { created: false };
    try {
      await client.query(`create database ${quoteIdentifier(database)}`);
      return { created: true };
    } catch (error) {
      // 42P04 duplicate_database; 23505 when both inserts reach pg_database's unique index.
      const code = (error as { code?: unknown }).code;
      if (code === '42P04' || code === '23505') return { created: false };
      throw error;
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
