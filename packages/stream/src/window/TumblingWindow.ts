import type { TimeWindow } from './TimeWindow.js';

export type { TimeWindow } from './TimeWindow.js';

/** Fixed-size, non-overlapping windows aligned to the epoch, as in Kafka Streams and Flink. */
export class TumblingWindow {
  constructor(readonly sizeMs: number) {
    if (!Number.isInteger(sizeMs) || sizeMs <= 0)
      throw new RangeError(`window size must be a positive integer, got ${sizeMs}`);
  }

  /** The one window that holds `timestamp`. */
  assign(timestamp: number): TimeWindow {
    const start = timestamp - (((timestamp % this.sizeMs) + this.sizeMs) % this.sizeMs);
    return { start, end: start + this.sizeMs };
  }
}
