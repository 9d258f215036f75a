import type { RunResult } from './BenchClient.js';

/**
 * Counts what a consumer run reads and times it as ConsumerPerformance does: from the moment the group
 * assigned partitions (the join itself excluded, the first fetch included) to the last wanted record.
 */
export class ConsumeTally {
  records = 0;
  private bytes = 0;
  private assignedAt = 0;
  private firstAt = 0;
  private doneAt = 0;

  constructor(readonly wanted: number) {}

  /** The group handed this consumer its partitions; only the first call counts. */
  assigned(): void {
    this.assignedAt ||= performance.now();
  }

  /** Adds records read; true once `wanted` were read (the first time only). */
  add(records: number, bytes: number): boolean {
    this.firstAt ||= performance.now();
    this.records += records;
    this.bytes += bytes;
    if (this.doneAt > 0 || this.records < this.wanted) return false;
    this.doneAt = performance.now();
    return true;
  }

  /** The run; timed from the first record if the client never told of its assignment. */
  result(): RunResult {
    const from = this.assignedAt || this.firstAt;
    return { records: this.records, bytes: this.bytes, seconds: (this.doneAt - from) / 1000 };
  }
}
