import type { Operator } from './Operator.js';

/** One value a sink received. */
export interface SinkValue {
  sink: string;
  value: unknown;
}

/** The end of a stream inside a task: collects the values of the running batch for the runner. */
export class SinkOperator implements Operator {
  private buffer: unknown[] = [];

  /** `emitted`, shared by a task's sinks, records every value in the order all sinks received them. */
  constructor(
    readonly id: string,
    private readonly emitted?: SinkValue[],
  ) {}

  processElement(_input: number, value: unknown): void {
    this.buffer.push(value);
    this.emitted?.push({ sink: this.id, value });
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
