import type { StateBackend } from '../state/StateBackend.js';
import type { Output } from './Output.js';

/** The task's processing time, which only the task moves. */
export interface TaskClock {
  readonly now: number;
}

/** What a task gives each operator it runs. */
export interface OperatorContext {
  readonly backend: StateBackend;
  readonly clock: TaskClock;
  readonly output: Output;
  /** Counts a record that came too late for the operator and hands it to the task's late report. */
  readonly reportLate: (operator: string, value: unknown, timestamp: number) => void;
}

/**
 * A step of a running job. Values and watermarks are pushed in synchronously, per record; what an
 * operator produces goes to its context's output. Operators with state keep it in the backend, and
 * whatever else must survive a restore (their watermark) is written there by `persistProgress`.
 */
export interface Operator {
  readonly id: string;
  processElement(input: number, value: unknown, timestamp: number): void;
  processWatermark(input: number, watermark: number): void;
  onProcessingTime(now: number): void;
  /** Called before the task takes the batch's state mutations. */
  persistProgress(): void;
  /** Called once, after the backend was restored and before any record: rebuild in-memory indexes. */
  restore(): void;
}
