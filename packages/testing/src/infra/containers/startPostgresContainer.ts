import type * as PostgresModule from '@testcontainers/postgresql';

const POSTGRES_IMAGE = 'postgres:15-alpine';

/** A Postgres 15 container with `database` created; removed by Testcontainers' reaper at exit. */
export async function startPostgresContainer(database: string): Promise<string> {
  // Loaded lazily: see startKafkaContainer.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PostgreSqlContainer } = require('@testcontainers/postgresql') as typeof PostgresModule;
  const container = await new PostgreSqlContainer(POSTGRES_IMAGE).withDatabase(database).start();
  return container.getConnectionUri();
}
