import type * as RedisModule from '@testcontainers/redis';

const REDIS_IMAGE = 'redis:7-alpine';

/** A Redis container for this process; Testcontainers' reaper removes it when the process exits. */
export async function startRedisContainer(): Promise<string> {
  // Loaded lazily: see startKafkaContainer.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { RedisContainer } = require('@testcontainers/redis') as typeof RedisModule;
  const container = await new RedisContainer(REDIS_IMAGE).start();
  return container.getConnectionUrl();
}
