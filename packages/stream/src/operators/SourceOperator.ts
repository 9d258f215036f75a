import { StreamError } from '../errors.js';
import type { TimeSemantics } from '../time/TimeSemantics.js';
import { WatermarkTracker } from '../time/WatermarkTracker.js';
import type { OperatorContext } from './Operator.js';

/** A record handed to a task: the value and, for ingestion time, when it entered the pipeline. */
export interface SourceRecord<T = unknown> {
  value: T;
  /** Epoch ms; a Kafka runtime passes the record's timestamp. */
  timestamp?: number;
}

/**
 * Where a source's records enter a task: it times each record, sends it on, and sends the source's
 * watermark on right after any record that raised it.
 */
export class SourceOperator {
  private readonly tracker: WatermarkTracker;
  private readonly persisted = new Map<string, number>();

  constructor(
    readonly id: string,
    private readonly time: TimeSemantics<unknown>,
    private readonly context: OperatorContext,
    partitions: readonly number[],
    now: number,
  ) {
    this.tracker = new WatermarkTracker(time.kind === 'processing' ? {} : time);
    for (const partition of partitions) this.tracker.assign(partition, now);
  }

  get watermark(): number {
    return this.tracker.watermark;
  }

  ingest(partition: number, record: SourceRecord, now: number): void {
    const timestamp = this.timestampOf(record, now);
    const rose = this.tracker.observe(partition, timestamp, now);
    this.context.output.emit(record.value, timestamp);
    if (rose) this.context.output.watermark(this.tracker.watermark);
  }

  /** Processing time passed: the clock is the watermark of a processing-time source; others may go idle. */
  advanceTime(now: number): void {
    let rose = false;
    if (this.time.kind === 'processing') {
      for (const partition of this.tracker.assignedPartitions()) {
        rose = this.tracker.observe(partition, now, now) || rose;
      }
    } else {
      rose = this.tracker.advanceTime(now);
    }
    if (rose) this.context.output.watermark(this.tracker.watermark);
  }

  finish(): void {
    if (this.tracker.finish()) this.context.output.watermark(this.tracker.watermark);
  }

  /** Writes each partition's largest timestamp and the watermark that changed since the last batch. */
  persistProgress(): void {
    if (this.time.kind === 'processing') return;
    const table = this.context.backend.table(`${this.id}/watermarks`);
    const save = (key: string, value: number) => {
      if (!Number.isFinite(value) || this.persisted.get(key) === value) return;
      table.put(key, value);
      this.persisted.set(key, value);
    };
    for (const partition of this.tracker.assignedPartitions()) {
      save(String(partition), this.tracker.maxTimestamp(partition));
    }
    save('watermark', this.tracker.watermark);
  }

  restore(): void {
    const table = this.context.backend.findTable(`${this.id}/watermarks`);
    if (!table) return;
    const maxTimestamps = new Map<number, number>();
    let watermark = Number.NEGATIVE_INFINITY;
    for (const [key, value] of table.entries()) {
      if (typeof value !== 'number') continue;
      this.persisted.set(key, value);
      if (key === 'watermark') watermark = value;
      else maxTimestamps.set(Number(key), value);
    }
    this.tracker.restore({ watermark, maxTimestamps });
  }

  private timestampOf(record: SourceRecord, now: number): number {
    switch (this.time.kind) {
      case 'processing':
        return now;
      case 'ingestion':
        return record.timestamp ?? now;
      case 'event': {
        const timestamp = this.time.timestampOf(record.value);
        if (Number.isFinite(timestamp)) return timestamp;
        throw new StreamError(`the event-time extractor of source ${this.id} returned ${timestamp}`, {
          code: 'INVALID_TIMESTAMP',
          retriable: false,
          context: { source: this.id },
        });
      }
    }
  }
}
