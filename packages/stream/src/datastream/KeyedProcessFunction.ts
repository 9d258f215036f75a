import type { StateHandle } from '../state/KeyedState.js';
import type { StateDescriptor } from '../state/StateDescriptor.js';
import type { OutputTag } from './OutputTag.js';

/** What a keyed process function can see and do while it handles one value or one timer. */
export interface KeyedProcessContext<K extends string, O> {
  readonly key: K;
  /** The value's timestamp, or the time a timer was set for. */
  readonly timestamp: number;
  /** The operator's event-time watermark. */
  readonly watermark: number;
  /** The task's processing time. */
  readonly processingTime: number;
  /** The key's state that `descriptor` declares; descriptors are told apart by name within the operator. */
  state<D extends StateDescriptor>(descriptor: D): StateHandle<D>;
  /** Emits a value downstream, by default with the timestamp being handled. */
  emit(value: O, timestamp?: number): void;
  /** Emits a value to a side output; read it with `stream.sideOutput(tag)`. */
  output<S>(tag: OutputTag<S>, value: S, timestamp?: number): void;
  /** Calls onTimer once the watermark reaches `time`; setting the same time twice sets one timer. */
  registerEventTimeTimer(time: number): void;
  deleteEventTimeTimer(time: number): void;
  /** Calls onTimer once the task's processing time reaches `time`. */
  registerProcessingTimeTimer(time: number): void;
  deleteProcessingTimeTimer(time: number): void;
}

export interface OnTimerContext<K extends string, O> extends KeyedProcessContext<K, O> {
  readonly timeDomain: 'event-time' | 'processing-time';
}

/** Per-key logic with state and timers; both are checkpointed with the task. */
export interface KeyedProcessFunction<T, K extends string, O> {
  readonly processElement: (value: T, ctx: KeyedProcessContext<K, O>) => void;
  readonly onTimer?: (time: number, ctx: OnTimerContext<K, O>) => void;
}
