import { ensureRedis } from '@streamforge/local-infra';
import { startRedisContainer } from './containers/startRedisContainer.js';
import type { RedisSettings } from './InfrastructureSettings.js';
import { infrastructureMode } from './infrastructureMode.js';
import { oncePerProcess } from './oncePerProcess.js';

/**
 * A Redis that answers. REDIS_URL wins; otherwise a container in containers mode, else the local
 * server on 127.0.0.1:6379 (started from an installed redis-server if nothing listens). Tests share
 * it: keep keys apart with uniqueName() prefixes.
 */
export function startRedis(): Promise<RedisSettings> {
  const fromEnv = process.env.REDIS_URL;
  if (fromEnv) {
    return oncePerProcess(`redis:env:${fromEnv}`, async () => {
      await ensureRedis({ url: fromEnv });
      return { url: fromEnv, source: 'env' };
    });
  }
  return oncePerProcess('redis', async () => {
    if ((await infrastructureMode()) === 'containers')
      return { url: await startRedisContainer(), source: 'containers' };
    const { url } = await ensureRedis({ url: 'redis://127.0.0.1:6379' });
    return { url, source: 'local' };
  });
}
