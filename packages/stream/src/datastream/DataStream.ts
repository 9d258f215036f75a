import { StreamDefinitionError } from '../errors.js';
import {
  filterTransform,
  flatMapTransform,
  mapTransform,
  TransformOperator,
} from '../operators/TransformOperator.js';
import type { Transform } from '../operators/TransformOperator.js';
import { UnionOperator } from '../operators/UnionOperator.js';
import type { KafkaSinkEncoder } from './KafkaSink.js';
import { KeyedStream } from './KeyedStream.js';
import type { OutputTag } from './OutputTag.js';
import type { OutputRef, SinkDelivery, StreamGraph } from './StreamGraph.js';

/** Names the node a method adds, for stable state namespaces and readable task outputs. */
export interface NodeOptions {
  name?: string;
}

/** A stream of values of type T within one StreamJob. Methods add steps; nothing runs until the job does. */
export class DataStream<T> {
  /** Streams are made by a StreamJob and by the methods of other streams. */
  constructor(
    protected readonly graph: StreamGraph,
    protected readonly ref: OutputRef,
  ) {}

  map<R>(fn: (value: T) => R, options: NodeOptions = {}): DataStream<R> {
    return this.transform('map', mapTransform(fn), options);
  }

  filter<S extends T>(predicate: (value: T) => value is S, options?: NodeOptions): DataStream<S>;
  filter(predicate: (value: T) => boolean, options?: NodeOptions): DataStream<T>;
  filter(predicate: (value: T) => boolean, options: NodeOptions = {}): DataStream<T> {
    return this.transform('filter', filterTransform(predicate), options);
  }

  flatMap<R>(fn: (value: T) => Iterable<R>, options: NodeOptions = {}): DataStream<R> {
    return this.transform('flat-map', flatMapTransform(fn), options);
  }

  /** Partitions the stream by key for windows, keyed state and joins. */
  keyBy<K extends string>(keyOf: (value: T) => K): KeyedStream<T, K> {
    return new KeyedStream(this.graph, this.ref, keyOf);
  }

  /** One stream of this stream's and the others' values; its watermark is the slowest input's. */
  union(...others: DataStream<T>[]): DataStream<T> {
    for (const other of others) this.checkSameJob(other);
    const inputs = [this.ref, ...others.map((other) => other.ref)];
    const id = this.graph.reserveId('union');
    this.graph.addOperator({
      id,
      inputs,
      create: (context) => new UnionOperator(id, context, inputs.length),
    });
    return new DataStream<T>(this.graph, { node: id });
  }

  /** The values the operator that produced this stream sent to `tag` (late data, process outputs). */
  sideOutput<S>(tag: OutputTag<S>): DataStream<S> {
    if (this.ref.tag !== undefined) throw new StreamDefinitionError('a side output has no side outputs');
    return new DataStream<S>(this.graph, { node: this.ref.node, tag: tag.id });
  }

  /** Calls `listener` with every value, in order, after the batch that produced it. */
  subscribe(listener: (value: T) => void, options: NodeOptions = {}): void {
    this.addSink('subscribe', { kind: 'listener', listener: listener as (value: unknown) => void }, options);
  }

  /** Hands the values of each batch to `write`, and waits for it before the next batch. */
  sink(write: (values: readonly T[]) => void | Promise<void>, options: NodeOptions = {}): void {
    this.addSink(
      'sink',
      { kind: 'writer', write: write as (values: readonly unknown[]) => void | Promise<void> },
      options,
    );
  }

  /**
   * Writes every value to `topic` as `encode` says, in the transaction of the batch that produced it
   * (Kafka runtime only; `run()` refuses jobs with Kafka sinks).
   */
  toKafka(topic: string, encode: KafkaSinkEncoder<T>, options: NodeOptions = {}): void {
    this.addSink(
      'kafka-sink',
      { kind: 'kafka', topic, encode: encode as (value: unknown) => ReturnType<KafkaSinkEncoder<T>> },
      options,
    );
  }

  protected checkSameJob<U>(other: DataStream<U>): void {
    if (other.graph !== this.graph)
      throw new StreamDefinitionError('streams of different jobs cannot be combined');
  }

  private transform<R>(kind: string, transform: Transform, options: NodeOptions): DataStream<R> {
    const id = this.graph.reserveId(kind, options.name);
    this.graph.addOperator({
      id,
      inputs: [this.ref],
      create: (context) => new TransformOperator(id, context, transform),
    });
    return new DataStream<R>(this.graph, { node: id });
  }

  private addSink(kind: string, delivery: SinkDelivery, options: NodeOptions): void {
    this.graph.addSink({ id: this.graph.reserveId(kind, options.name), input: this.ref, delivery });
  }
}
