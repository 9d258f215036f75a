import { StreamDefinitionError } from '../errors.js';
import { IntervalJoinOperator } from '../operators/IntervalJoinOperator.js';
import { KeyedProcessOperator } from '../operators/KeyedProcessOperator.js';
import type {
  GlobalWindows,
  SessionWindows,
  SlidingWindows,
  TumblingWindows,
  WindowAssigner,
} from '../window/WindowAssigner.js';
import type { WindowOptions } from '../window/WindowOptions.js';
import { DataStream } from './DataStream.js';
import type { NodeOptions } from './DataStream.js';
import type { KeyedProcessFunction } from './KeyedProcessFunction.js';
import type { OutputTag } from './OutputTag.js';
import type { OutputRef, StreamGraph } from './StreamGraph.js';
import { SessionWindowedStream, WindowedStream } from './WindowedStream.js';

export interface JoinOptions<L, R> {
  /** How much earlier than a left value a right value may be and still match it. */
  beforeMs: number;
  /** How much later than a left value a right value may be and still match it. */
  afterMs: number;
  /** Values are late once their timestamp + this is ≤ the watermark (default 0). */
  allowedLatenessMs?: number;
  lateLeft?: OutputTag<L>;
  lateRight?: OutputTag<R>;
  name?: string;
}

/** A stream partitioned by key K: the entry to windows, keyed process functions and joins. */
export class KeyedStream<T, K extends string> {
  constructor(
    private readonly graph: StreamGraph,
    private readonly ref: OutputRef,
    private readonly keyOf: (value: T) => K,
  ) {}

  window(assigner: SessionWindows, options?: WindowOptions<T>): SessionWindowedStream<T, K>;
  window(
    assigner: TumblingWindows | SlidingWindows | GlobalWindows<T>,
    options?: WindowOptions<T>,
  ): WindowedStream<T, K>;
  window(
    assigner: WindowAssigner<T>,
    options: WindowOptions<T> = {},
  ): WindowedStream<T, K> | SessionWindowedStream<T, K> {
    const keyOf = this.keyOf as (value: unknown) => string;
    return assigner.kind === 'session'
      ? new SessionWindowedStream<T, K>(this.graph, this.ref, keyOf, assigner, options)
      : new WindowedStream<T, K>(this.graph, this.ref, keyOf, assigner, options);
  }

  /** Runs `fn` on each value with the value's key set, its keyed state and its timers. */
  process<O>(fn: KeyedProcessFunction<T, K, O>, options: NodeOptions = {}): DataStream<O> {
    const id = this.graph.reserveId('process', options.name);
    const keyOf = this.keyOf as (value: unknown) => string;
    const erased = fn as unknown as KeyedProcessFunction<unknown, string, unknown>;
    this.graph.addOperator({
      id,
      inputs: [this.ref],
      create: (context) => new KeyedProcessOperator(id, context, keyOf, erased),
    });
    return new DataStream<O>(this.graph, { node: id });
  }

  /**
   * Inner join with another keyed stream: each pair of values of one key whose timestamps are close
   * enough (right within [left − beforeMs, left + afterMs]) gives `joiner(left, right, key)`, once,
   * as soon as both are there.
   */
  join<R, O>(
    other: KeyedStream<R, K>,
    options: JoinOptions<T, R>,
    joiner: (left: T, right: R, key: K) => O,
  ): DataStream<O> {
    if (other.graph !== this.graph)
      throw new StreamDefinitionError('streams of different jobs cannot be combined');
    const { beforeMs, afterMs } = options;
    const allowedLatenessMs = options.allowedLatenessMs ?? 0;
    for (const [name, value] of Object.entries({ beforeMs, afterMs, allowedLatenessMs })) {
      if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be ≥ 0, got ${value}`);
    }
    const id = this.graph.reserveId('join', options.name);
    const config = {
      leftKeyOf: this.keyOf as (value: unknown) => string,
      rightKeyOf: other.keyOf as (value: unknown) => string,
      beforeMs,
      afterMs,
      allowedLatenessMs,
      joiner: joiner as (left: unknown, right: unknown, key: string) => unknown,
      lateLeftTag: options.lateLeft?.id,
      lateRightTag: options.lateRight?.id,
    };
    this.graph.addOperator({
      id,
      inputs: [this.ref, other.ref],
      create: (context) => new IntervalJoinOperator(id, context, config),
    });
    return new DataStream<O>(this.graph, { node: id });
  }
}
