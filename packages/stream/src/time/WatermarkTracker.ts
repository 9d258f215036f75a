import { StreamError } from '../errors.js';
import { NO_WATERMARK, END_OF_INPUT } from './watermarks.js';

export interface WatermarkOptions {
  /**
   * How far behind the largest timestamp seen on its partition a record may arrive and still be on
   * time (default 0). The partition's watermark is that largest timestamp − this bound − 1.
   */
  maxOutOfOrdernessMs?: number;
  /**
   * A partition without records for this long (processing time) stops holding the watermark back
   * until it has records again. Absent: a quiet partition holds it back for ever, which keeps results
   * independent of the clock.
   */
  idleTimeoutMs?: number;
}

interface PartitionProgress {
  maxTimestamp: number;
  lastActivity: number;
  idle: boolean;
}

/**
 * Event-time progress of one source over the partitions assigned to a task. The watermark W says no
 * record with a timestamp ≤ W is expected any more: it is the minimum of the partitions' watermarks,
 * leaving out idle partitions (and, when every partition is idle, the maximum of them: nothing holds
 * it back then), and it never decreases, whatever partitions come, go or wake up.
 */
export class WatermarkTracker {
  private readonly maxOutOfOrdernessMs: number;
  private readonly idleTimeoutMs: number | undefined;
  private readonly partitions = new Map<number, PartitionProgress>();
  private current = NO_WATERMARK;

  constructor(options: WatermarkOptions = {}) {
    checkWatermarkOptions(options);
    this.maxOutOfOrdernessMs = options.maxOutOfOrdernessMs ?? 0;
    this.idleTimeoutMs = options.idleTimeoutMs;
  }

  get watermark(): number {
    return this.current;
  }

  /** Starts tracking a partition; until it has a record or goes idle, it holds the watermark back. */
  assign(partition: number, now: number): void {
    if (this.partitions.has(partition)) return;
    this.partitions.set(partition, { maxTimestamp: NO_WATERMARK, lastActivity: now, idle: false });
  }

  /** Stops tracking a partition. Returns whether the watermark rose because it no longer holds it back. */
  revoke(partition: number): boolean {
    return this.partitions.delete(partition) && this.recompute();
  }

  assignedPartitions(): number[] {
    return [...this.partitions.keys()];
  }

  /** The largest timestamp seen on the partition, or NO_WATERMARK before its first record. */
  maxTimestamp(partition: number): number {
    return this.progressOf(partition).maxTimestamp;
  }

  /** Records a record's timestamp. Returns whether the watermark rose. */
  observe(partition: number, timestamp: number, now: number): boolean {
    const progress = this.progressOf(partition);
    progress.lastActivity = now;
    progress.idle = false;
    if (timestamp <= progress.maxTimestamp) return false;
    progress.maxTimestamp = timestamp;
    return this.recompute();
  }

  /** Lets processing time pass: partitions quiet for the idle timeout stop holding the watermark back. */
  advanceTime(now: number): boolean {
    if (this.idleTimeoutMs === undefined) return false;
    let changed = false;
    for (const progress of this.partitions.values()) {
      const idle = now - progress.lastActivity >= this.idleTimeoutMs;
      if (idle !== progress.idle) {
        progress.idle = idle;
        changed = true;
      }
    }
    return changed && this.recompute();
  }

  /** The input has ended: the watermark moves past every timestamp. */
  finish(): boolean {
    const rose = this.current < END_OF_INPUT;
    this.current = END_OF_INPUT;
    return rose;
  }

  /** Puts back the progress a restored task had made, so that it judges lateness as before. */
  restore(progress: { watermark: number; maxTimestamps: ReadonlyMap<number, number> }): void {
    for (const [partition, maxTimestamp] of progress.maxTimestamps) {
      const tracked = this.partitions.get(partition);
      if (tracked && maxTimestamp > tracked.maxTimestamp) tracked.maxTimestamp = maxTimestamp;
    }
    this.current = Math.max(this.current, progress.watermark);
    this.recompute();
  }

  private progressOf(partition: number): PartitionProgress {
    const progress = this.partitions.get(partition);
    if (!progress) {
      throw new StreamError(`partition ${partition} is not assigned to this watermark tracker`, {
        code: 'PARTITION_NOT_ASSIGNED',
        retriable: false,
        context: { partition },
      });
    }
    return progress;
  }

  private recompute(): boolean {
    let activeMin = END_OF_INPUT;
    let idleMax = NO_WATERMARK;
    let active = 0;
    for (const progress of this.partitions.values()) {
      const watermark = progress.maxTimestamp - this.maxOutOfOrdernessMs - 1;
      if (progress.idle) {
        if (watermark > idleMax) idleMax = watermark;
      } else {
        active++;
        if (watermark < activeMin) activeMin = watermark;
      }
    }
    const combined = active > 0 ? activeMin : idleMax;
    if (combined <= this.current) return false;
    this.current = combined;
    return true;
  }
}

/** Throws a RangeError for a negative or non-finite bound or timeout. */
export function checkWatermarkOptions(options: WatermarkOptions): void {
  for (const [name, value] of Object.entries(options)) {
    if ((name === 'maxOutOfOrdernessMs' || name === 'idleTimeoutMs') && value !== undefined) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new RangeError(`${name} must be ≥ 0, got ${String(value)}`);
      }
    }
  }
}
