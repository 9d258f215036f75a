import { Client } from 'pg';

/**
 * True when a PostgreSQL server answers at the URL's host and port. A refusal by the server itself (no
 * such database, wrong password: any SQLSTATE) still proves it runs; only network errors mean it does not.
 */
export async function postgresAnswers(url: string, timeoutMs = 3_000): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  // An error after connect (server restart) must not become an uncaught 'error' event.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
  } finally {
    await client.end().catch(() => undefined);
  }
}
