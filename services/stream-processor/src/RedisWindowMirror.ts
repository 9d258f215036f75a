import type { Redis } from 'ioredis';
import type { WindowCount } from './WindowCountStore.js';

const RETENTION_SECONDS = 7 * 24 * 3600;

/**
 * Keeps the latest counts in Redis for dashboards: one hash per event type, field = window start (ms),
 * value = count. Counts only grow, so a write lower than what is stored is a late reply from an
 * earlier transaction and is dropped; the script makes that compare-and-set atomic.
 */
const SET_IF_HIGHER = `
local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '-1')
if tonumber(ARGV[2]) > current then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1`;

export class RedisWindowMirror {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  /** The hash of one event type's windows; the hash tag keeps it in one Redis Cluster slot. */
  key(eventType: string): string {
    return `${this.keyPrefix}window-counts:{${eventType}}`;
  }

  async mirror(counts: readonly WindowCount[]): Promise<void> {
    if (counts.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const count of counts) {
      pipeline.eval(
        SET_IF_HIGHER,
        1,
        this.key(count.eventType),
        String(count.windowStart),
        String(count.count),
        String(RETENTION_SECONDS),
      );
    }
    const results = await pipeline.exec();
    const failed = results?.find(([error]) => error !== null);
    if (failed) throw failed[0];
  }
}
