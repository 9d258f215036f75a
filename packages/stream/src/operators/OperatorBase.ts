import { NO_WATERMARK } from '../time/watermarks.js';
import type { Operator, OperatorContext } from './Operator.js';

/**
 * Watermark bookkeeping shared by operators: an operator's watermark is the minimum over its inputs,
 * it acts on it (`onWatermark`: fire windows, timers) and only then forwards it, so what it emitted
 * reaches its consumers before the watermark that made it.
 */
export abstract class OperatorBase implements Operator {
  protected watermark = NO_WATERMARK;
  private readonly inputWatermarks: number[];

  constructor(
    readonly id: string,
    protected readonly context: OperatorContext,
    inputs = 1,
  ) {
    this.inputWatermarks = new Array<number>(inputs).fill(NO_WATERMARK);
  }

  abstract processElement(input: number, value: unknown, timestamp: number): void;

  processWatermark(input: number, watermark: number): void {
    const inputs = this.inputWatermarks;
    if (watermark <= (inputs[input] ?? NO_WATERMARK)) return;
    inputs[input] = watermark;
    const combined = inputs.length === 1 ? watermark : Math.min(...inputs);
    if (combined <= this.watermark) return;
    this.watermark = combined;
    this.onWatermark(combined);
    this.context.output.watermark(combined);
  }

  onProcessingTime(_now: number): void {}

  persistProgress(): void {}

  restore(): void {}

  protected onWatermark(_watermark: number): void {}

  /** Takes up a restored watermark on every input, without firing anything: that happened before. */
  protected resumeAt(watermark: number): void {
    this.watermark = watermark;
    this.inputWatermarks.fill(watermark);
  }
}
