import { Client } from 'pg';
import type * as Testcontainers from 'testcontainers';
import { waitFor } from '../../waitFor.js';
import { prepareContainerRuntime } from './containerRuntime.js';
import type * as ReusableContainer from './reusableContainer.js';
import { streamforgeImage } from './streamforgeImage.js';

const POSTGRES_PORT = 5432;

/**
 * A PostgreSQL 15 server from the locally built image (infrastructure/containers), published on
 * 127.0.0.1 and reused by later test processes; returns the URL of its `postgres` database, with the
 * same user and trust authentication as the local server. Callers create their own database on it.
 * Durability is traded for speed (fsync off): it holds test data only.
 */
export async function startPostgresContainer(): Promise<string> {
  await prepareContainerRuntime();
  // Loaded lazily: see startKafkaContainer.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Wait } = require('testcontainers') as typeof Testcontainers;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startReusableContainer } = require('./reusableContainer.js') as typeof ReusableContainer;
  const container = await startReusableContainer({
    role: 'postgres',
    image: streamforgeImage('postgres'),
    ports: [POSTGRES_PORT],
    environment: { POSTGRES_USER: 'postgres', POSTGRES_HOST_AUTH_METHOD: 'trust' },
    command: ['postgres', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    waitStrategy: Wait.forLogMessage('database system is ready to accept connections'),
    startupTimeoutMs: 60_000,
  });
  const url = `postgres://postgres@127.0.0.1:${container.getMappedPort(POSTGRES_PORT)}/postgres`;
  await waitFor(
    async () => {
      const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
      client.on('error', () => undefined);
      try {
        await client.connect();
        return (await client.query('select 1')).rowCount === 1;
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    { timeoutMs: 30_000, intervalMs: 200, description: `the Postgres container to answer on ${url}` },
  );
  return url;
}
