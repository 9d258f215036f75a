import Redis from 'ioredis';
import type * as Testcontainers from 'testcontainers';
import { waitFor } from '../../waitFor.js';
import { prepareContainerRuntime } from './containerRuntime.js';
import type * as ReusableContainer from './reusableContainer.js';
import { streamforgeImage } from './streamforgeImage.js';

const REDIS_PORT = 6379;

/**
 * A Redis from the locally built image (infrastructure/containers), published on 127.0.0.1, reused by
 * later test processes. Tests keep their keys apart with uniqueName() prefixes, as on the local server.
 */
export async function startRedisContainer(): Promise<string> {
  await prepareContainerRuntime();
  // Loaded lazily: see startKafkaContainer.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Wait } = require('testcontainers') as typeof Testcontainers;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startReusableContainer } = require('./reusableContainer.js') as typeof ReusableContainer;
  const container = await startReusableContainer({
    role: 'redis',
    image: streamforgeImage('redis'),
    ports: [REDIS_PORT],
    // Test state only: no snapshots, no append-only file.
    command: ['redis-server', '--save', '', '--appendonly', 'no'],
    waitStrategy: Wait.forLogMessage('Ready to accept connections'),
    startupTimeoutMs: 30_000,
  });
  const url = `redis://127.0.0.1:${container.getMappedPort(REDIS_PORT)}`;
  await waitFor(
    async () => {
      const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      redis.on('error', () => undefined);
      try {
        await redis.connect();
        return (await redis.ping()) === 'PONG';
      } finally {
        redis.disconnect();
      }
    },
    { timeoutMs: 30_000, intervalMs: 200, description: `the Redis container to answer on ${url}` },
  );
  return url;
}
