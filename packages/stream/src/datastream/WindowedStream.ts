import type { AggregateFunction, MergeableAggregateFunction } from '../aggregate/AggregateFunction.js';
import { reducing } from '../aggregate/AggregateFunction.js';
import { StreamDefinitionError } from '../errors.js';
import { AlignedWindowOperator } from '../operators/AlignedWindowOperator.js';
import type { AlignedWindowing } from '../operators/AlignedWindowOperator.js';
import { SessionWindowOperator } from '../operators/SessionWindowOperator.js';
import type {
  GlobalWindows,
  SessionWindows,
  SlidingWindows,
  TumblingWindows,
} from '../window/WindowAssigner.js';
import type { WindowOptions } from '../window/WindowOptions.js';
import type { WindowResult } from '../window/WindowResult.js';
import { DataStream } from './DataStream.js';
import type { OutputRef, StreamGraph } from './StreamGraph.js';

type ErasedAggregate = MergeableAggregateFunction<unknown, unknown, unknown>;

/** The window options every windowed stream checks and resolves the same way. */
function resolveOptions(options: WindowOptions<unknown>, global: boolean) {
  const allowedLatenessMs = options.allowedLatenessMs ?? 0;
  if (!Number.isInteger(allowedLatenessMs) || allowedLatenessMs < 0) {
    throw new RangeError(`allowedLatenessMs must be a whole number ≥ 0, got ${allowedLatenessMs}`);
  }
  const { everyValues, everyMs } = options.early ?? {};
  if (everyValues !== undefined && (!Number.isInteger(everyValues) || everyValues <= 0)) {
    throw new RangeError(`early.everyValues must be a positive integer, got ${everyValues}`);
  }
  if (everyMs !== undefined && !(Number.isFinite(everyMs) && everyMs > 0)) {
    throw new RangeError(`early.everyMs must be > 0, got ${everyMs}`);
  }
  if (global && everyValues !== undefined) {
    throw new StreamDefinitionError(
      'global windows fire on their trigger: use a count trigger, not early.everyValues',
    );
  }
  return {
    allowedLatenessMs,
    lateTag: options.lateOutput?.id,
    earlyEveryValues: everyValues,
    earlyEveryMs: everyMs,
  };
}

/** A keyed stream cut into tumbling, sliding or global windows, waiting for its aggregate. */
export class WindowedStream<T, K extends string> {
  constructor(
    private readonly graph: StreamGraph,
    private readonly ref: OutputRef,
    private readonly keyOf: (value: unknown) => string,
    private readonly assigner: TumblingWindows | SlidingWindows | GlobalWindows<T>,
    private readonly options: WindowOptions<T>,
  ) {}

  aggregate<A, R>(aggregate: AggregateFunction<T, A, R>): DataStream<WindowResult<K, R>> {
    const { assigner } = this;
    const windowing: AlignedWindowing =
      assigner.kind === 'global'
        ? { kind: 'global', trigger: assigner.trigger as GlobalWindows<unknown>['trigger'] }
        : {
            kind: 'aligned',
            sizeMs: assigner.sizeMs,
            slideMs: assigner.kind === 'sliding' ? assigner.slideMs : assigner.sizeMs,
            offsetMs: assigner.offsetMs,
          };
    const config = {
      windowing,
      keyOf: this.keyOf,
      aggregate: aggregate as unknown as ErasedAggregate,
      ...resolveOptions(this.options as WindowOptions<unknown>, assigner.kind === 'global'),
    };
    const id = this.graph.reserveId('window', this.options.name);
    this.graph.addOperator({
      id,
      inputs: [this.ref],
      create: (context) => new AlignedWindowOperator(id, context, config),
    });
    return new DataStream<WindowResult<K, R>>(this.graph, { node: id });
  }

  reduce(reduce: (a: T, b: T) => T): DataStream<WindowResult<K, T>> {
    return this.aggregate(reducing(reduce));
  }
}

/** A keyed stream cut into session windows; merging sessions needs an aggregate that merges. */
export class SessionWindowedStream<T, K extends string> {
  constructor(
    private readonly graph: StreamGraph,
    private readonly ref: OutputRef,
    private readonly keyOf: (value: unknown) => string,
    private readonly assigner: SessionWindows,
    private readonly options: WindowOptions<T>,
  ) {}

  aggregate<A, R>(aggregate: MergeableAggregateFunction<T, A, R>): DataStream<WindowResult<K, R>> {
    const config = {
      gapMs: this.assigner.gapMs,
      keyOf: this.keyOf,
      aggregate: aggregate as unknown as ErasedAggregate,
      ...resolveOptions(this.options as WindowOptions<unknown>, false),
    };
    const id = this.graph.reserveId('session-window', this.options.name);
    this.graph.addOperator({
      id,
      inputs: [this.ref],
      create: (context) => new SessionWindowOperator(id, context, config),
    });
    return new DataStream<WindowResult<K, R>>(this.graph, { node: id });
  }

  reduce(reduce: (a: T, b: T) => T): DataStream<WindowResult<K, T>> {
    return this.aggregate(reducing(reduce));
  }
}
