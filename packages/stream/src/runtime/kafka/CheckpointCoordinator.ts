import type { CheckpointConfig } from './CheckpointConfig.js';
import type { EncodedMutation } from './changelogCodec.js';
import type { RedisCheckpointStore } from './RedisCheckpointStore.js';

export type CheckpointLogger = {
  warn: (fields: Record<string, unknown>, message: string) => void;
};

interface PartitionCheckpoints {
  /** Committed changes not yet in Redis, by changelog key; the last value wins. */
  pending: Map<string, string | null>;
  /** The changelog offset the pending changes reach (the next one to replay from). */
  offset: bigint;
  /** The offset Redis holds as far as this instance knows; nothing to write until offset passes it. */
  written: bigint | undefined;
  lastStart: number;
  lastEnd: number;
  writing: Promise<void> | undefined;
}

export interface CheckpointStats {
  written: number;
  failed: number;
  /** Writes refused because another instance's checkpoint was further along. */
  superseded: number;
}

/**
 * Writes each partition's committed state changes to Redis on the checkpoint schedule: at most every
 * intervalMs per partition, minPauseMs after its previous write ended, maxConcurrent partitions at a
 * time, each write given up after timeoutMs (its changes stay pending). Changes of one partition are
 * merged by key while they wait, so a write carries each changed entry once.
 */
export class CheckpointCoordinator {
  private readonly partitions = new Map<number, PartitionCheckpoints>();
  private readonly timer: NodeJS.Timeout;
  private inFlight = 0;
  private readonly counts: CheckpointStats = { written: 0, failed: 0, superseded: 0 };

  constructor(
    private readonly store: RedisCheckpointStore,
    private readonly config: CheckpointConfig,
    private readonly clock: () => number,
    private readonly logger?: CheckpointLogger,
  ) {
    this.timer = setInterval(() => this.writeDue(), Math.max(10, Math.min(config.intervalMs, 1_000) / 4));
    this.timer.unref();
  }

  /**
   * A partition was restored from Redis (at `base`) and the changelog after it (`replayed`, up to
   * `offset`): the replayed changes are pending, so the next write brings Redis up to `offset` whatever
   * it held meanwhile.
   */
  restored(
    partition: number,
    base: bigint | undefined,
    offset: bigint,
    replayed: Iterable<EncodedMutation>,
  ): void {
    const state: PartitionCheckpoints = {
      pending: new Map(),
      offset,
      written: base,
      lastStart: Number.NEGATIVE_INFINITY,
      lastEnd: Number.NEGATIVE_INFINITY,
      // A write of the partition's previous session may still be in flight; Redis applies it first
      // (one connection), and the conditional write keeps whichever is further along.
      writing: undefined,
    };
    for (const { field, value } of replayed) state.pending.set(field, value);
    this.partitions.set(partition, state);
  }

  /** A transaction committed these changes; the changelog now reaches `offset`. */
  committed(partition: number, offset: bigint, changes: Iterable<EncodedMutation>): void {
    const state = this.partitions.get(partition);
    if (!state) return;
    for (const { field, value } of changes) state.pending.set(field, value);
    if (offset > state.offset) state.offset = offset;
  }

  /** Writes what the partition has pending now (on revoke), then forgets it. */
  async release(partition: number): Promise<void> {
    const state = this.partitions.get(partition);
    if (!state) return;
    await state.writing;
    await this.write(partition, state);
    if (this.partitions.get(partition) === state) this.partitions.delete(partition);
  }

  /** Writes every partition's pending changes and stops the schedule. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([...this.partitions.keys()].map((partition) => this.release(partition)));
  }

  stats(): CheckpointStats {
    return { ...this.counts };
  }

  private writeDue(): void {
    const now = this.clock();
    for (const [partition, state] of this.partitions) {
      if (this.inFlight >= this.config.maxConcurrent) return;
      if (state.writing || !this.hasWork(state)) continue;
      if (now - state.lastStart < this.config.intervalMs || now - state.lastEnd < this.config.minPauseMs)
        continue;
      void this.write(partition, state);
    }
  }

  private hasWork(state: PartitionCheckpoints): boolean {
    return state.pending.size > 0 || state.written === undefined || state.offset > state.written;
  }

  private write(partition: number, state: PartitionCheckpoints): Promise<void> {
    if (!this.hasWork(state)) return Promise.resolve();
    const delta = state.pending;
    const offset = state.offset;
    state.pending = new Map();
    state.lastStart = this.clock();
    this.inFlight++;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer from Redis within ${this.config.timeoutMs} ms`)),
        this.config.timeoutMs,
      );
    });
    const entries = [...delta].map(([field, value]) => ({ field, value }));
    const writing = Promise.race([this.store.write(partition, offset, entries), timeout])
      .then((applied) => {
        if (applied) {
          this.counts.written++;
          if (state.written === undefined || offset > state.written) state.written = offset;
        } else {
          // Another owner's checkpoint is further along: ours describes an older state. Drop it.
          this.counts.superseded++;
          state.written = offset;
        }
      })
      .catch((error: unknown) => {
        this.counts.failed++;
        // Redis applies one connection's commands in order, so a late answer to this write still
        // lands before the retry, which carries these changes again (merged under newer ones).
        for (const [field, value] of delta) if (!state.pending.has(field)) state.pending.set(field, value);
        this.logger?.warn({ err: error, partition }, 'checkpoint write failed; its changes go into the next');
      })
      .finally(() => {
        clearTimeout(timer);
        this.inFlight--;
        state.lastEnd = this.clock();
        state.writing = undefined;
      });
    state.writing = writing;
    return writing;
  }
}
