import type { Operator } from './Operator.js';

interface Consumer {
  operator: Operator;
  input: number;
}

/** Where an operator's values go: the consumers of its main output and of each side output (by tag id). */
export class Output {
  private readonly main: Consumer[] = [];
  private readonly tagged = new Map<string, Consumer[]>();

  connect(operator: Operator, input: number, tag?: string): void {
    if (tag === undefined) {
      this.main.push({ operator, input });
      return;
    }
    let consumers = this.tagged.get(tag);
    if (!consumers) {
      consumers = [];
      this.tagged.set(tag, consumers);
    }
    consumers.push({ operator, input });
  }

  emit(value: unknown, timestamp: number): void {
    for (const { operator, input } of this.main) operator.processElement(input, value, timestamp);
  }

  emitTo(tag: string, value: unknown, timestamp: number): void {
    const consumers = this.tagged.get(tag);
    if (!consumers) return;
    for (const { operator, input } of consumers) operator.processElement(input, value, timestamp);
  }

  /** Watermarks go to every consumer, side outputs included. */
  watermark(watermark: number): void {
    for (const { operator, input } of this.main) operator.processWatermark(input, watermark);
    for (const consumers of this.tagged.values()) {
      for (const { operator, input } of consumers) operator.processWatermark(input, watermark);
    }
  }
}
