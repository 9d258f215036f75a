import { TimerQueue } from '../internal/TimerQueue.js';
import type { StateTable } from '../state/StateBackend.js';
import type { OperatorContext } from './Operator.js';
import { OperatorBase } from './OperatorBase.js';
import { ProgressStore } from './ProgressStore.js';

export interface IntervalJoinConfig {
  leftKeyOf: (value: unknown) => string;
  rightKeyOf: (value: unknown) => string;
  /** A right value matches a left one at t when its timestamp is in [t − beforeMs, t + afterMs]. */
  beforeMs: number;
  afterMs: number;
  allowedLatenessMs: number;
  joiner: (left: unknown, right: unknown, key: string) => unknown;
  lateLeftTag: string | undefined;
  lateRightTag: string | undefined;
}

/** A buffered value and its timestamp. */
type Buffered = [timestamp: number, value: unknown];

const LEFT = 0;

/**
 * Inner join of two keyed streams on a time interval. A value that is not late (timestamp + lateness
 * > watermark) is joined at once with the other side's buffered values of its key and buffered itself
 * until no value that is not late could still match it: a left value at t until t + after + lateness
 * ≤ watermark, a right one until t + before + lateness. So every pair of values that were not late is
 * emitted exactly once, with the later timestamp of the two.
 */
export class IntervalJoinOperator extends OperatorBase {
  private readonly left: StateTable;
  private readonly right: StateTable;
  /** Per key, the next time some buffered value of it can go; derived from state on restore. */
  private readonly cleanups = new TimerQueue();
  private readonly progress: ProgressStore;

  constructor(
    id: string,
    context: OperatorContext,
    private readonly config: IntervalJoinConfig,
  ) {
    super(id, context, 2);
    this.left = context.backend.table(`${id}/left`);
    this.right = context.backend.table(`${id}/right`);
    this.progress = new ProgressStore(context.backend, id);
  }

  processElement(input: number, value: unknown, timestamp: number): void {
    const { config } = this;
    const isLeft = input === LEFT;
    if (timestamp + config.allowedLatenessMs <= this.watermark) {
      this.context.reportLate(this.id, value, timestamp);
      const tag = isLeft ? config.lateLeftTag : config.lateRightTag;
      if (tag !== undefined) this.context.output.emitTo(tag, value, timestamp);
      return;
    }
    const key = isLeft ? config.leftKeyOf(value) : config.rightKeyOf(value);
    const others = (isLeft ? this.right : this.left).get(key) as Buffered[] | undefined;
    for (const [otherTimestamp, other] of others ?? []) {
      const leftTimestamp = isLeft ? timestamp : otherTimestamp;
      const rightTimestamp = isLeft ? otherTimestamp : timestamp;
      if (rightTimestamp < leftTimestamp - config.beforeMs || rightTimestamp > leftTimestamp + config.afterMs)
        continue;
      const joined = isLeft ? config.joiner(value, other, key) : config.joiner(other, value, key);
      this.context.output.emit(joined, Math.max(timestamp, otherTimestamp));
    }
    const own = isLeft ? this.left : this.right;
    const buffer = (own.get(key) as Buffered[] | undefined) ?? [];
    buffer.push([timestamp, value]);
    own.put(key, buffer);
    this.cleanups.add(this.expiry(isLeft, timestamp), key);
  }

  override persistProgress(): void {
    this.progress.save(this.watermark);
  }

  override restore(): void {
    this.resumeAt(this.progress.load());
    for (const table of [this.left, this.right]) {
      for (const key of table.keys()) this.scheduleCleanup(key);
    }
  }

  protected override onWatermark(watermark: number): void {
    for (let timer = this.cleanups.popDue(watermark); timer; timer = this.cleanups.popDue(watermark)) {
      this.prune(this.left, true, timer.key, watermark);
      this.prune(this.right, false, timer.key, watermark);
      this.scheduleCleanup(timer.key);
    }
  }

  private expiry(isLeft: boolean, timestamp: number): number {
    const { beforeMs, afterMs, allowedLatenessMs } = this.config;
    return timestamp + (isLeft ? afterMs : beforeMs) + allowedLatenessMs;
  }

  private prune(table: StateTable, isLeft: boolean, key: string, watermark: number): void {
    const buffer = table.get(key) as Buffered[] | undefined;
    if (!buffer) return;
    const kept = buffer.filter(([timestamp]) => this.expiry(isLeft, timestamp) > watermark);
    if (kept.length === buffer.length) return;
    if (kept.length === 0) table.delete(key);
    else table.put(key, kept);
  }

  private scheduleCleanup(key: string): void {
    let next = Number.POSITIVE_INFINITY;
    for (const [table, isLeft] of [
      [this.left, true],
      [this.right, false],
    ] as const) {
      for (const [timestamp] of (table.get(key) as Buffered[] | undefined) ?? []) {
        next = Math.min(next, this.expiry(isLeft, timestamp));
      }
    }
    if (next < Number.POSITIVE_INFINITY) this.cleanups.add(next, key);
  }
}
