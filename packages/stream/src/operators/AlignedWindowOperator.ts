import type { AggregateFunction } from '../aggregate/AggregateFunction.js';
import { MinHeap } from '../internal/MinHeap.js';
import type { StateTable } from '../state/StateBackend.js';
import { GLOBAL_WINDOW } from '../window/TimeWindow.js';
import type { TimeWindow } from '../window/TimeWindow.js';
import type { Trigger, TriggerAction } from '../window/Trigger.js';
import type { WindowResult, WindowResultKind } from '../window/WindowResult.js';
import type { OperatorContext } from './Operator.js';
import { OperatorBase } from './OperatorBase.js';
import { ProgressStore } from './ProgressStore.js';

/** Windows that do not depend on the key: tumbling, sliding (start every slide), or the global one. */
export type AlignedWindowing =
  | { kind: 'aligned'; sizeMs: number; slideMs: number; offsetMs: number }
  | { kind: 'global'; trigger: Trigger<unknown> };

export interface AlignedWindowConfig {
  windowing: AlignedWindowing;
  keyOf: (value: unknown) => string;
  aggregate: AggregateFunction<unknown, unknown, unknown>;
  allowedLatenessMs: number;
  lateTag: string | undefined;
  earlyEveryValues: number | undefined;
  earlyEveryMs: number | undefined;
}

/** One key's part of one window, as kept in state. */
interface Pane {
  acc: unknown;
  count: number;
}

interface ActiveWindow {
  window: TimeWindow;
  table: StateTable;
  /** Whether the watermark has passed the end: from then on, every accepted value re-emits. */
  fired: boolean;
}

const byEnd = (a: ActiveWindow, b: ActiveWindow) => a.window.end - b.window.end;

/**
 * Windowed aggregation over windows shared by all keys. Each window is a state namespace
 * (`<id>/w/<start>/<end>`) with one pane per key, so closing a window walks exactly its keys, in key
 * order. A window fires when the watermark reaches end − 1 and is dropped when it reaches
 * end − 1 + allowed lateness. A value is late when every window it belongs to has been dropped.
 */
export class AlignedWindowOperator extends OperatorBase {
  private readonly windows = new Map<number, ActiveWindow>();
  private readonly toFire = new MinHeap<ActiveWindow>(byEnd);
  private readonly toDrop = new MinHeap<ActiveWindow>(byEnd);
  /** Panes changed since the last early firing, for `earlyEveryMs`. */
  private readonly changed = new Map<ActiveWindow, Set<string>>();
  private nextEarlyFiring: number | undefined;
  private readonly progress: ProgressStore;

  constructor(
    id: string,
    context: OperatorContext,
    private readonly config: AlignedWindowConfig,
  ) {
    super(id, context);
    this.progress = new ProgressStore(context.backend, id);
  }

  processElement(_input: number, value: unknown, timestamp: number): void {
    const { windowing, allowedLatenessMs } = this.config;
    const key = this.config.keyOf(value);
    if (windowing.kind === 'global') {
      this.add(GLOBAL_WINDOW.start, GLOBAL_WINDOW.end, key, value, timestamp);
      return;
    }
    const { sizeMs, slideMs, offsetMs } = windowing;
    const lastStart = timestamp - ((((timestamp - offsetMs) % slideMs) + slideMs) % slideMs);
    let accepted = false;
    // From the latest window back: ends decrease, so once one window is past its lateness, all are.
    for (let start = lastStart; start > timestamp - sizeMs; start -= slideMs) {
      const end = start + sizeMs;
      if (end - 1 + allowedLatenessMs <= this.watermark) break;
      this.add(start, end, key, value, timestamp);
      accepted = true;
    }
    if (!accepted) this.late(value, timestamp);
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
    const windows = [...this.changed.keys()].sort((a, b) => byEnd(a, b) || a.window.start - b.window.start);
    for (const active of windows) {
      if (active.fired) continue;
      for (const key of [...(this.changed.get(active) ?? [])].sort()) {
        const pane = active.table.get(key) as Pane | undefined;
        if (pane) this.emit(active, key, pane, 'early');
      }
    }
    this.changed.clear();
  }

  override persistProgress(): void {
    this.progress.save(this.watermark);
  }

  override restore(): void {
    this.resumeAt(this.progress.load());
    const prefix = `${this.id}/w/`;
    for (const namespace of this.context.backend.namespaces(prefix)) {
      const [start, end] = namespace.slice(prefix.length).split('/').map(Number) as [number, number];
      this.track(start, end);
    }
  }

  protected override onWatermark(watermark: number): void {
    for (let next = this.toFire.peek(); next && next.window.end - 1 <= watermark; next = this.toFire.peek()) {
      this.toFire.pop();
      next.fired = true;
      this.changed.delete(next);
      const table = next.table;
      for (const key of [...table.keys()].sort()) this.emit(next, key, table.get(key) as Pane, 'on-time');
    }
    const lateness = this.config.allowedLatenessMs;
    for (
      let next = this.toDrop.peek();
      next && next.window.end - 1 + lateness <= watermark;
      next = this.toDrop.peek()
    ) {
      this.toDrop.pop();
      this.windows.delete(next.window.start);
      this.changed.delete(next);
      this.context.backend.dropTable(next.table.namespace);
    }
  }

  private add(start: number, end: number, key: string, value: unknown, timestamp: number): void {
    const active = this.windows.get(start) ?? this.track(start, end);
    const { aggregate } = this.config;
    const pane = (active.table.get(key) as Pane | undefined) ?? {
      acc: aggregate.createAccumulator(),
      count: 0,
    };
    pane.acc = aggregate.add(pane.acc, value);
    pane.count++;
    active.table.put(key, pane);
    if (active.fired) {
      this.emit(active, key, pane, 'late');
      return;
    }
    const action = this.triggerAction(active, key, pane, value, timestamp);
    if (action === 'fire') {
      this.emit(active, key, pane, 'early');
    } else if (action === 'fire-and-purge') {
      this.emit(active, key, pane, 'on-time');
      active.table.delete(key);
    } else if (this.config.earlyEveryMs !== undefined) {
      let keys = this.changed.get(active);
      if (!keys) this.changed.set(active, (keys = new Set()));
      keys.add(key);
    }
  }

  private triggerAction(
    active: ActiveWindow,
    key: string,
    pane: Pane,
    value: unknown,
    timestamp: number,
  ): TriggerAction {
    const { windowing, earlyEveryValues } = this.config;
    if (windowing.kind === 'global') {
      return windowing.trigger.onElement(value, { key, window: active.window, count: pane.count, timestamp });
    }
    return earlyEveryValues !== undefined && pane.count % earlyEveryValues === 0 ? 'fire' : 'continue';
  }

  /** Starts keeping a window: in memory, and in the heaps that fire and drop it. */
  private track(start: number, end: number): ActiveWindow {
    const active: ActiveWindow = {
      window: { start, end },
      table: this.context.backend.table(`${this.id}/w/${start}/${end}`),
      fired: end - 1 <= this.watermark,
    };
    this.windows.set(start, active);
    if (!active.fired) this.toFire.push(active);
    this.toDrop.push(active);
    return active;
  }

  private emit(active: ActiveWindow, key: string, pane: Pane, kind: WindowResultKind): void {
    const { window } = active;
    const result: WindowResult<string, unknown> = {
      key,
      window: { start: window.start, end: window.end },
      value: this.config.aggregate.getResult(pane.acc),
      kind,
    };
    this.context.output.emit(result, window.end - 1);
  }

  private late(value: unknown, timestamp: number): void {
    this.context.reportLate(this.id, value, timestamp);
    if (this.config.lateTag !== undefined) this.context.output.emitTo(this.config.lateTag, value, timestamp);
  }
}
