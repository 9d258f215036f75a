/** A half-open event-time interval [start, end) in epoch milliseconds. */
export interface TimeWindow {
  start: number;
  end: number;
}

/**
 * The one window of a global window assigner. Safe integers rather than infinities, so that it
 * survives JSON; it closes only when the input ends.
 */
export const GLOBAL_WINDOW: Readonly<TimeWindow> = Object.freeze({
  start: Number.MIN_SAFE_INTEGER,
  end: Number.MAX_SAFE_INTEGER,
});
