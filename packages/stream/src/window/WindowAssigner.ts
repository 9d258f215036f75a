import type { Trigger } from './Trigger.js';

/** Fixed-size, non-overlapping windows aligned to the epoch (plus an offset). */
export interface TumblingWindows {
  readonly kind: 'tumbling';
  readonly sizeMs: number;
  readonly offsetMs: number;
}

/** Fixed-size windows starting every `slideMs`: a value belongs to about sizeMs / slideMs of them. */
export interface SlidingWindows {
  readonly kind: 'sliding';
  readonly sizeMs: number;
  readonly slideMs: number;
  readonly offsetMs: number;
}

/**
 * Per key, values less than `gapMs` apart share a window: [first, last + gap). A value that closes the
 * gap between two sessions merges them.
 */
export interface SessionWindows {
  readonly kind: 'session';
  readonly gapMs: number;
}

/** One window for all time per key; `trigger` decides when it fires, and the end of input closes it. */
export interface GlobalWindows<T> {
  readonly kind: 'global';
  readonly trigger: Trigger<T>;
}

export type WindowAssigner<T> = TumblingWindows | SlidingWindows | SessionWindows | GlobalWindows<T>;

export function tumblingWindows(sizeMs: number, options: { offsetMs?: number } = {}): TumblingWindows {
  positiveInteger('window size', sizeMs);
  return { kind: 'tumbling', sizeMs, offsetMs: offsetOf(options.offsetMs, sizeMs) };
}

export function slidingWindows(
  sizeMs: number,
  slideMs: number,
  options: { offsetMs?: number } = {},
): SlidingWindows {
  positiveInteger('window size', sizeMs);
  positiveInteger('slide', slideMs);
  if (slideMs > sizeMs) throw new RangeError(`slide ${slideMs} is larger than the window size ${sizeMs}`);
  return { kind: 'sliding', sizeMs, slideMs, offsetMs: offsetOf(options.offsetMs, slideMs) };
}

export function sessionWindows(gapMs: number): SessionWindows {
  positiveInteger('session gap', gapMs);
  return { kind: 'session', gapMs };
}

export function globalWindows<T>(trigger: Trigger<T>): GlobalWindows<T> {
  return { kind: 'global', trigger };
}

function offsetOf(offsetMs: number | undefined, period: number): number {
  const offset = offsetMs ?? 0;
  if (!Number.isInteger(offset)) throw new RangeError(`offset must be an integer, got ${offset}`);
  return ((offset % period) + period) % period;
}

function positiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0)
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
}
