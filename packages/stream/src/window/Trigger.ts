import type { TimeWindow } from './TimeWindow.js';

/** `fire` emits the pane's result and keeps it; `fire-and-purge` emits it and starts the pane afresh. */
export type TriggerAction = 'continue' | 'fire' | 'fire-and-purge';

/** The pane (one key's part of one window) a value was just added to. */
export interface PaneInfo {
  readonly key: string;
  readonly window: TimeWindow;
  /** Values in the pane, this one included, since it was last purged. */
  readonly count: number;
  readonly timestamp: number;
}

/** Decides after each value whether a window fires: the custom trigger of global windows. */
export interface Trigger<T> {
  readonly onElement: (value: T, pane: PaneInfo) => TriggerAction;
}

/** Fires and purges a pane every `count` values. */
export function countTrigger(count: number): Trigger<unknown> {
  if (!Number.isInteger(count) || count <= 0)
    throw new RangeError(`count must be a positive integer, got ${count}`);
  return { onElement: (_value, pane) => (pane.count >= count ? 'fire-and-purge' : 'continue') };
}
