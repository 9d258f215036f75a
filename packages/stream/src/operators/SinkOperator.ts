import type { Operator } from './Operator.js';

/** The end of a stream inside a task: collects the values of the running batch for the runner. */
export class SinkOperator implements Operator {
  private buffer: unknown[] = [];

  constructor(readonly id: string) {}

  processElement(_input: number, value: unknown): void {
    this.buffer.push(value);
  }

  processWatermark(): void {}

  onProcessingTime(): void {}

  persistProgress(): void {}

  restore(): void {}

  /** The values collected since the last call. */
  drain(): unknown[] {
    const values = this.buffer;
    this.buffer = [];
    return values;
  }
}
