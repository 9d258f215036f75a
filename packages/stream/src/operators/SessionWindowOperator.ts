import type { MergeableAggregateFunction } from '../aggregate/AggregateFunction.js';
import { TimerQueue } from '../internal/TimerQueue.js';
import type { StateTable } from '../state/StateBackend.js';
import { mergeSessions } from '../window/mergeSessions.js';
import type { Session } from '../window/mergeSessions.js';
import type { WindowResult, WindowResultKind } from '../window/WindowResult.js';
import type { OperatorContext } from './Operator.js';
import { OperatorBase } from './OperatorBase.js';
import { ProgressStore } from './ProgressStore.js';

export interface SessionWindowConfig {
  gapMs: number;
  keyOf: (value: unknown) => string;
  aggregate: MergeableAggregateFunction<unknown, unknown, unknown>;
  allowedLatenessMs: number;
  lateTag: string | undefined;
  earlyEveryValues: number | undefined;
  earlyEveryMs: number | undefined;
}

/**
 * Session windows: per key, the sessions in one state entry (`<id>/sessions`, by key).
 *
 * A value at t is late when its own window [t, t + gap) is past the allowed lateness
 * (t + gap − 1 + lateness ≤ watermark); otherwise it merges into the sessions it overlaps, and every
 * emitted session that disappears in a merge is retracted. A session fires at end − 1 and is kept a
 * gap longer than the lateness (dropped at end − 1 + lateness + gap): a value that is not late can
 * then never overlap a dropped session, so the sessions always are those of all accepted values.
 */
export class SessionWindowOperator extends OperatorBase {
  private readonly sessions: StateTable;
  /** Per key, the next time one of its sessions fires or is dropped; derived from state on restore. */
  private readonly timers = new TimerQueue();
  private readonly changedKeys = new Set<string>();
  private nextEarlyFiring: number | undefined;
  private readonly progress: ProgressStore;

  constructor(
    id: string,
    context: OperatorContext,
    private readonly config: SessionWindowConfig,
  ) {
    super(id, context);
    this.sessions = context.backend.table(`${id}/sessions`);
    this.progress = new ProgressStore(context.backend, id);
  }

  processElement(_input: number, value: unknown, timestamp: number): void {
    const { gapMs, allowedLatenessMs, aggregate } = this.config;
    if (timestamp + gapMs - 1 + allowedLatenessMs <= this.watermark) {
      this.context.reportLate(this.id, value, timestamp);
      if (this.config.lateTag !== undefined)
        this.context.output.emitTo(this.config.lateTag, value, timestamp);
      return;
    }
    const key = this.config.keyOf(value);
    const { sessions, target } = mergeSessions(this.sessionsOf(key), timestamp, {
      gapMs,
      accumulate: (acc) => aggregate.add(acc === undefined ? aggregate.createAccumulator() : acc, value),
      merge: aggregate.merge,
      onAbsorb: (session) => {
        if (session.emitted) this.emit(key, session, 'retraction');
      },
    });
    this.sessions.put(key, sessions);

    if (target.end - 1 <= this.watermark) {
      this.emit(key, target, 'late');
      target.fired = true;
    } else if (
      this.config.earlyEveryValues !== undefined &&
      target.count % this.config.earlyEveryValues === 0
    ) {
      this.emit(key, target, 'early');
    } else if (this.config.earlyEveryMs !== undefined) {
      this.changedKeys.add(key);
    }
    this.schedule(key, sessions);
  }

  override onProcessingTime(now: number): void {
    const everyMs = this.config.earlyEveryMs;
    if (everyMs === undefined) return;
    if (this.nextEarlyFiring === undefined) {
      this.nextEarlyFiring = now + everyMs;
      return;
    }
    if (now < this.nextEarlyFiring) return;
    this.nextEarlyFiring = now + everyMs;
    for (const key of [...this.changedKeys].sort()) {
      const sessions = this.sessionsOf(key);
      for (const session of sessions) if (!session.fired) this.emit(key, session, 'early');
      if (sessions.length > 0) this.sessions.put(key, sessions);
    }
    this.changedKeys.clear();
  }

  override persistProgress(): void {
    this.progress.save(this.watermark);
  }

  override restore(): void {
    this.resumeAt(this.progress.load());
    for (const [key, sessions] of this.sessions.entries()) this.schedule(key, sessions as Session<unknown>[]);
  }

  protected override onWatermark(watermark: number): void {
    for (let timer = this.timers.popDue(watermark); timer; timer = this.timers.popDue(watermark)) {
      const { key, time } = timer;
      const sessions = this.sessionsOf(key);
      let changed = false;
      for (const session of sessions) {
        if (!session.fired && session.end - 1 <= time) {
          this.emit(key, session, 'on-time');
          session.fired = true;
          changed = true;
        }
      }
      const kept = sessions.filter((session) => this.dropTime(session) > time);
      if (kept.length === 0) {
        this.sessions.delete(key);
        this.changedKeys.delete(key);
        continue;
      }
      if (changed || kept.length < sessions.length) this.sessions.put(key, kept);
      this.schedule(key, kept);
    }
  }

  private sessionsOf(key: string): Session<unknown>[] {
    return (this.sessions.get(key) as Session<unknown>[] | undefined) ?? [];
  }

  private dropTime(session: Session<unknown>): number {
    return session.end - 1 + this.config.allowedLatenessMs + this.config.gapMs;
  }

  private schedule(key: string, sessions: readonly Session<unknown>[]): void {
    let next = Number.POSITIVE_INFINITY;
    for (const session of sessions) {
      next = Math.min(next, session.fired ? this.dropTime(session) : session.end - 1);
    }
    if (next < Number.POSITIVE_INFINITY) this.timers.add(next, key);
  }

  private emit(key: string, session: Session<unknown>, kind: WindowResultKind): void {
    if (kind !== 'retraction') session.emitted = true;
    const result: WindowResult<string, unknown> = {
      key,
      window: { start: session.start, end: session.end },
      value: this.config.aggregate.getResult(session.acc),
      kind,
    };
    this.context.output.emit(result, session.end - 1);
  }
}
