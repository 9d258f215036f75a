import type { SourceSpec, StreamGraph } from '../datastream/StreamGraph.js';
import { StreamDefinitionError, StreamError } from '../errors.js';
import type { SourceRecord } from '../operators/SourceOperator.js';
import { Task } from './Task.js';
import type { TaskBatchResult, TaskStats } from './Task.js';

export interface RunOptions {
  /** Processing time; Date.now by default. Tests pass a fake clock. */
  clock?: () => number;
  /** Values read from a source before they are handed to the task (default 1024). */
  batchSize?: number;
  /** How often processing time is advanced while sources are quiet (default 200 ms). */
  tickIntervalMs?: number;
}

/**
 * Runs a job's in-memory sources to their end through one task and delivers its outputs: listeners
 * and sinks see the batches in the order the task produced them, each sink awaited before the next.
 * When every source has ended, the task finishes, so every window fires.
 */
export async function runLocally(graph: StreamGraph, options: RunOptions = {}): Promise<TaskStats> {
  const kafkaSink = graph.sinks.find((sink) => sink.delivery.kind === 'kafka');
  if (kafkaSink) {
    throw new StreamDefinitionError(`sink ${kafkaSink.id} writes to Kafka: run the job with runKafkaJob`);
  }
  const clock = options.clock ?? Date.now;
  const batchSize = options.batchSize ?? 1024;
  const task = new Task(graph, { now: clock() });
  const sinks = new Map(graph.sinks.map((sink) => [sink.id, sink.delivery]));

  let queue: Promise<void> = Promise.resolve();
  // Task calls and deliveries run one after the other, whichever source or tick asked for them.
  const enqueue = (step: () => TaskBatchResult): Promise<void> => {
    queue = queue.then(async () => {
      for (const { sink, values } of step().outputs) {
        const delivery = sinks.get(sink);
        if (delivery?.kind === 'listener') for (const value of values) delivery.listener(value);
        else if (delivery?.kind === 'writer') await delivery.write(values);
      }
    });
    return queue;
  };

  const ticker = setInterval(() => {
    enqueue(() => task.advanceTime(clock())).catch(() => undefined);
  }, options.tickIntervalMs ?? 200);
  ticker.unref();
  try {
    await Promise.all(
      [...graph.sources.values()].map(async (source) => {
        for await (const chunk of chunksOf(valuesOf(source), batchSize)) {
          const now = clock();
          for (const [partition, records] of runsByPartition(source, chunk, now)) {
            await enqueue(() => task.process(source.id, partition, records, now));
          }
        }
      }),
    );
    await enqueue(() => task.finish(clock()));
  } finally {
    clearInterval(ticker);
  }
  return task.stats();
}

function valuesOf(source: SourceSpec): Iterable<unknown> | AsyncIterable<unknown> {
  if (source.values === undefined) {
    throw new StreamDefinitionError(`source ${source.id} has no in-memory values to run locally`);
  }
  return source.values;
}

async function* chunksOf(
  values: Iterable<unknown> | AsyncIterable<unknown>,
  size: number,
): AsyncGenerator<unknown[]> {
  let chunk: unknown[] = [];
  if (Symbol.asyncIterator in values) {
    for await (const value of values) {
      chunk.push(value);
      if (chunk.length >= size) {
        yield chunk;
        chunk = [];
      }
    }
  } else {
    for (const value of values) {
      chunk.push(value);
      if (chunk.length >= size) {
        yield chunk;
        chunk = [];
      }
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** Splits a chunk into runs of consecutive values of one partition, keeping the arrival order. */
function runsByPartition(
  source: SourceSpec,
  chunk: readonly unknown[],
  now: number,
): Array<[number, SourceRecord[]]> {
  const runs: Array<[number, SourceRecord[]]> = [];
  let current: [number, SourceRecord[]] | undefined;
  for (const value of chunk) {
    const partition = source.partitionOf ? source.partitionOf(value) : 0;
    if (!Number.isInteger(partition) || partition < 0 || partition >= source.partitions) {
      throw new StreamError(
        `partitionOf gave ${partition}; source ${source.id} has ${source.partitions} partitions`,
        {
          code: 'PARTITION_OUT_OF_RANGE',
          retriable: false,
          context: { source: source.id },
        },
      );
    }
    if (current?.[0] !== partition) {
      current = [partition, []];
      runs.push(current);
    }
    current[1].push({ value, timestamp: now });
  }
  return runs;
}
