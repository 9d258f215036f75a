import { runLocally } from '../runtime/runLocally.js';
import type { RunOptions } from '../runtime/runLocally.js';
import { Task } from '../runtime/Task.js';
import type { TaskOptions, TaskStats } from '../runtime/Task.js';
import { ingestionTime } from '../time/TimeSemantics.js';
import type { TimeSemantics } from '../time/TimeSemantics.js';
import { DataStream } from './DataStream.js';
import type { KafkaSourceOptions } from './KafkaSource.js';
import { StreamGraph } from './StreamGraph.js';

export interface MemorySourceOptions<T> {
  /** The source's name in task calls and state namespaces. */
  name?: string;
  /** Which clock times the records (default: ingestion time). */
  time?: TimeSemantics<T>;
  /** How many partitions the source has (default 1); watermarks are tracked per partition. */
  partitions?: number;
  /** The partition of each value (default 0); the values' order is their arrival order across partitions. */
  partitionOf?: (value: T) => number;
}

/** A dataflow: sources, the steps the DataStream API adds, sinks. Build it, then run it or make tasks of it. */
export class StreamJob {
  private readonly graph = new StreamGraph();

  fromArray<T>(values: readonly T[], options: MemorySourceOptions<T> = {}): DataStream<T> {
    return this.fromIterable(values, options);
  }

  fromIterable<T>(
    values: Iterable<T> | AsyncIterable<T>,
    options: MemorySourceOptions<T> = {},
  ): DataStream<T> {
    const partitions = options.partitions ?? 1;
    if (!Number.isInteger(partitions) || partitions <= 0) {
      throw new RangeError(`partitions must be a positive integer, got ${partitions}`);
    }
    const id = this.graph.reserveId('source', options.name);
    this.graph.addSource({
      id,
      partitions,
      time: (options.time ?? ingestionTime()) as TimeSemantics<unknown>,
      values,
      ...(options.partitionOf ? { partitionOf: options.partitionOf as (value: unknown) => number } : {}),
    });
    return new DataStream<T>(this.graph, { node: id });
  }

  /**
   * A stream of a Kafka topic's records, for the Kafka runtime (runKafkaJob), which runs one task per
   * partition of the topic; `run()` cannot run it.
   */
  fromKafka<T>(options: KafkaSourceOptions<T>): DataStream<T> {
    const id = this.graph.reserveId('source', options.name);
    this.graph.addSource({
      id,
      // Unknown until the runtime looks at the topic; tasks of a Kafka source always name their partitions.
      partitions: 1,
      time: (options.time ?? ingestionTime()) as TimeSemantics<unknown>,
      kafka: { topic: options.topic, decode: options.decode },
    });
    return new DataStream<T>(this.graph, { node: id });
  }

  /** The job's dataflow, for runtimes. */
  get dataflow(): StreamGraph {
    return this.graph;
  }

  /** A task over the job, for a runner that feeds it batches and commits what it returns. */
  createTask(options: TaskOptions): Task {
    return new Task(this.graph, options);
  }

  /** Runs the in-memory sources to their end through one task; resolves with the task's stats. */
  run(options: RunOptions = {}): Promise<TaskStats> {
    return runLocally(this.graph, options);
  }
}
