import { ensureDatabase, ensurePostgres, migrate } from '@streamforge/local-infra';
import { startPostgresContainer } from './containers/startPostgresContainer.js';
import type { PostgresSettings } from './InfrastructureSettings.js';
import { infrastructureMode } from './infrastructureMode.js';
import { oncePerProcess } from './oncePerProcess.js';

export interface StartPostgresOptions {
  /** The database tests use, created when missing (default `streamforge_test`). Ignored with DATABASE_URL. */
  database?: string;
}

/** The local server's maintenance database; tests never write to it. */
const LOCAL_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * A Postgres database with every migration applied. DATABASE_URL wins (its database is created if
 * missing, then migrated); otherwise `streamforge_test` on a container's server in containers mode
 * (see infrastructureMode), else on the local server (127.0.0.1:5432, started with pg_ctlcluster if
 * installed and down). Tests share the database: keep rows apart by keys from uniqueName(), or clean
 * the tables a suite owns.
 */
export function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresSettings> {
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) {
    return oncePerProcess(`postgres:env:${fromEnv}`, async () => {
      await ensurePostgres({ url: fromEnv });
      await ensureDatabase(fromEnv);
      await migrate(fromEnv);
      return { url: fromEnv, source: 'env' };
    });
  }
  const database = options.database ?? 'streamforge_test';
  return oncePerProcess(`postgres:${database}`, async () => {
    if ((await infrastructureMode()) === 'containers') {
      const url = withDatabase(await startPostgresContainer(), database);
      await ensureDatabase(url);
      await migrate(url);
      return { url, source: 'containers' };
    }
    await ensurePostgres({ url: LOCAL_SERVER_URL });
    const url = withDatabase(LOCAL_SERVER_URL, database);
    await ensureDatabase(url);
    await migrate(url);
    return { url, source: 'local' };
  });
}

function withDatabase(serverUrl: string, database: string): string {
  return Object.assign(new URL(serverUrl), { pathname: `/${encodeURIComponent(database)}` }).toString();
}
