import { OperatorBase } from './OperatorBase.js';
import type { OperatorContext } from './Operator.js';

/** Merges several inputs into one stream; its watermark is the slowest input's. */
export class UnionOperator extends OperatorBase {
  constructor(id: string, context: OperatorContext, inputs: number) {
    super(id, context, inputs);
  }

  processElement(_input: number, value: unknown, timestamp: number): void {
    this.context.output.emit(value, timestamp);
  }
}
