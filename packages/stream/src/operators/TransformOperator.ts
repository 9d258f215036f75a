import { OperatorBase } from './OperatorBase.js';
import type { OperatorContext } from './Operator.js';
import type { Output } from './Output.js';

/** What map, filter and flatMap do with one value: emit zero or more values with its timestamp. */
export type Transform = (value: unknown, timestamp: number, output: Output) => void;

/** A stateless, one-input step; it keeps the timestamps and passes watermarks straight on. */
export class TransformOperator extends OperatorBase {
  constructor(
    id: string,
    context: OperatorContext,
    private readonly transform: Transform,
  ) {
    super(id, context);
  }

  processElement(_input: number, value: unknown, timestamp: number): void {
    this.transform(value, timestamp, this.context.output);
  }
}

export const mapTransform =
  <T, R>(fn: (value: T) => R): Transform =>
  (value, timestamp, output) =>
    output.emit(fn(value as T), timestamp);

export const filterTransform =
  <T>(predicate: (value: T) => boolean): Transform =>
  (value, timestamp, output) => {
    if (predicate(value as T)) output.emit(value, timestamp);
  };

export const flatMapTransform =
  <T, R>(fn: (value: T) => Iterable<R>): Transform =>
  (value, timestamp, output) => {
    for (const result of fn(value as T)) output.emit(result, timestamp);
  };
