import { checkWatermarkOptions } from './WatermarkTracker.js';
import type { WatermarkOptions } from './WatermarkTracker.js';

/** Timestamps come from the records themselves; the watermark follows them with a bound. */
export interface EventTime<T> extends WatermarkOptions {
  readonly kind: 'event';
  readonly timestampOf: (value: T) => number;
}

/**
 * A record's timestamp is when it entered the pipeline: the timestamp its runner passes along (a Kafka
 * record's timestamp), or the clock when the record is handed to the task without one.
 */
export interface IngestionTime extends WatermarkOptions {
  readonly kind: 'ingestion';
}

/** Timestamps and the watermark are the task's clock: windows close as wall-clock time passes. */
export interface ProcessingTime {
  readonly kind: 'processing';
}

/** Which clock a source's records are timed by. */
export type TimeSemantics<T> = EventTime<T> | IngestionTime | ProcessingTime;

export function eventTime<T>(
  timestampOf: (value: T) => number,
  options: WatermarkOptions = {},
): EventTime<T> {
  checkWatermarkOptions(options);
  return { kind: 'event', timestampOf, ...options };
}

export function ingestionTime(options: WatermarkOptions = {}): IngestionTime {
  checkWatermarkOptions(options);
  return { kind: 'ingestion', ...options };
}

export function processingTime(): ProcessingTime {
  return { kind: 'processing' };
}
