export type { StreamEvent } from './event/StreamEvent.js';
export { parseIncomingEvent } from './event/parseIncomingEvent.js';
export type { EventFieldError, ParseEventResult } from './event/parseIncomingEvent.js';
export { EventDecodeError, decodeEvent, encodeEvent } from './event/eventSerde.js';
export { TumblingWindow } from './window/TumblingWindow.js';
export type { TimeWindow } from './window/TimeWindow.js';
export { applyExactlyOnce } from './sink/applyExactlyOnce.js';
export type { PartitionPosition } from './sink/applyExactlyOnce.js';

export { StreamDefinitionError, StreamError, TaskFailedError } from './errors.js';
export type { StreamErrorContext } from './errors.js';

export { END_OF_INPUT, NO_WATERMARK } from './time/watermarks.js';
export { WatermarkTracker } from './time/WatermarkTracker.js';
export type { WatermarkOptions } from './time/WatermarkTracker.js';
export { eventTime, ingestionTime, processingTime } from './time/TimeSemantics.js';
export type { EventTime, IngestionTime, ProcessingTime, TimeSemantics } from './time/TimeSemantics.js';

export { GLOBAL_WINDOW } from './window/TimeWindow.js';
export { globalWindows, sessionWindows, slidingWindows, tumblingWindows } from './window/WindowAssigner.js';
export type {
  GlobalWindows,
  SessionWindows,
  SlidingWindows,
  TumblingWindows,
  WindowAssigner,
} from './window/WindowAssigner.js';
export { countTrigger } from './window/Trigger.js';
export type { PaneInfo, Trigger, TriggerAction } from './window/Trigger.js';
export type { WindowResult, WindowResultKind } from './window/WindowResult.js';
export type { WindowOptions } from './window/WindowOptions.js';

export { count, reducing } from './aggregate/AggregateFunction.js';
export type { AggregateFunction, MergeableAggregateFunction } from './aggregate/AggregateFunction.js';

export { MemoryStateBackend } from './state/MemoryStateBackend.js';
export type { StateBackend, StateMutation, StateStats, StateTable } from './state/StateBackend.js';
export { aggregatingState, listState, mapState, valueState } from './state/StateDescriptor.js';
export type {
  AggregatingStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  StateDescriptor,
  StateOptions,
  ValueStateDescriptor,
} from './state/StateDescriptor.js';
export type { AggregatingState, ListState, MapState, StateHandle, ValueState } from './state/KeyedState.js';

export { StreamJob } from './datastream/StreamJob.js';
export type { MemorySourceOptions } from './datastream/StreamJob.js';
export type { DataStream, NodeOptions } from './datastream/DataStream.js';
export type { JoinOptions, KeyedStream } from './datastream/KeyedStream.js';
export type { SessionWindowedStream, WindowedStream } from './datastream/WindowedStream.js';
export { OutputTag } from './datastream/OutputTag.js';
export type {
  KeyedProcessContext,
  KeyedProcessFunction,
  OnTimerContext,
} from './datastream/KeyedProcessFunction.js';

export type {
  Task,
  TaskBatchResult,
  LateRecord,
  SinkOutput,
  TaskOptions,
  TaskStats,
} from './runtime/Task.js';
export type { RunOptions } from './runtime/runLocally.js';
export type { KafkaSourceOptions, KafkaSourceRecord } from './datastream/KafkaSource.js';
export type { KafkaSinkEncoder, KafkaSinkRecord } from './datastream/KafkaSink.js';
export { runKafkaJob } from './runtime/kafka/runKafkaJob.js';
export type {
  KafkaJobLogger,
  KafkaJobOptions,
  KafkaJobRunner,
  KafkaJobStats,
} from './runtime/kafka/runKafkaJob.js';
export { DEFAULT_CHECKPOINT_CONFIG, checkpointConfig } from './runtime/kafka/CheckpointConfig.js';
export type { CheckpointConfig } from './runtime/kafka/CheckpointConfig.js';
export type { CheckpointStats } from './runtime/kafka/CheckpointCoordinator.js';
export { CHANGELOG_READER_GROUP_PREFIX } from './runtime/kafka/readChangelog.js';
export type { LateRecordJson } from './runtime/kafka/taskOutputs.js';
export type { SourceRecord } from './operators/SourceOperator.js';
export type { SinkValue } from './operators/SinkOperator.js';
