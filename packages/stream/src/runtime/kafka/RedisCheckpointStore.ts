import type { Cluster, Redis } from 'ioredis';
import type { EncodedMutation } from './changelogCodec.js';

/** A partition's checkpoint: the state entries and the changelog offset to replay from. */
export interface Checkpoint {
  /** Undefined when the partition has none yet: replay the whole changelog. */
  changelogOffset: bigint | undefined;
  entries: EncodedMutation[];
}

/**
 * Applies a delta and its changelog offset atomically, unless the stored offset is already further:
 * a paused former owner that wakes up cannot roll the checkpoint back (see the README). "" deletes.
 */
const WRITE_SCRIPT = `
local stored = redis.call('GET', KEYS[2])
if stored and tonumber(stored) > tonumber(ARGV[1]) then return 0 end
for i = 2, #ARGV, 2 do
  if ARGV[i + 1] == '' then redis.call('HDEL', KEYS[1], ARGV[i])
  else redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
end
redis.call('SET', KEYS[2], ARGV[1])
return 1
`;

/**
 * Checkpoints in Redis, two keys per partition sharing the hash tag `{<app>:<partition>}`, so that in
 * Redis Cluster a partition's state and offset live in one slot and are written in one script:
 * `streamforge:{app:p}:<job>:state` (hash: changelog key → entry JSON) and `…:<job>:offset`.
 */
export class RedisCheckpointStore {
  constructor(
    private readonly redis: Redis | Cluster,
    private readonly app: string,
    private readonly job: string,
  ) {}

  keysOf(partition: number): { state: string; offset: string } {
    const prefix = `streamforge:{${this.app}:${partition}}:${this.job}`;
    return { state: `${prefix}:state`, offset: `${prefix}:offset` };
  }

  async load(partition: number): Promise<Checkpoint> {
    const keys = this.keysOf(partition);
    // One MULTI: the state and the offset of one write, never of two.
    const replies = await this.redis.multi().hgetall(keys.state).get(keys.offset).exec();
    const [stateReply, offsetReply] = replies ?? [];
    if (!stateReply || !offsetReply || stateReply[0] || offsetReply[0]) {
      throw stateReply?.[0] ?? offsetReply?.[0] ?? new Error('the checkpoint read was discarded');
    }
    const state = stateReply[1] as Record<string, string>;
    const offset = offsetReply[1] as string | null;
    return {
      changelogOffset: offset === null ? undefined : BigInt(offset),
      entries: Object.entries(state).map(([field, value]) => ({ field, value })),
    };
  }

  /** Writes a delta; false when a checkpoint further along was there (nothing was written). */
  async write(
    partition: number,
    changelogOffset: bigint,
    delta: Iterable<EncodedMutation>,
  ): Promise<boolean> {
    const keys = this.keysOf(partition);
    const args: string[] = [changelogOffset.toString()];
    for (const { field, value } of delta) args.push(field, value ?? '');
    const applied = await this.redis.eval(WRITE_SCRIPT, 2, keys.state, keys.offset, ...args);
    return applied === 1;
  }
}
