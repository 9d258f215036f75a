import type { StreamGraph } from '../datastream/StreamGraph.js';
import { StreamDefinitionError, StreamError, TaskFailedError } from '../errors.js';
import type { StreamErrorContext } from '../errors.js';
import type { Operator } from '../operators/Operator.js';
import { Output } from '../operators/Output.js';
import { SinkOperator } from '../operators/SinkOperator.js';
import type { SinkValue } from '../operators/SinkOperator.js';
import { SourceOperator } from '../operators/SourceOperator.js';
import type { SourceRecord } from '../operators/SourceOperator.js';
import { MemoryStateBackend } from '../state/MemoryStateBackend.js';
import type { StateBackend, StateMutation, StateStats } from '../state/StateBackend.js';

export interface TaskOptions {
  /** The processing time the task starts at; idle timeouts count from it. */
  now: number;
  /** The partitions of each source this task reads, by source name; by default all of them. */
  partitions?: Readonly<Record<string, readonly number[]>>;
  /** Where state lives; a fresh MemoryStateBackend by default. */
  backend?: StateBackend;
}

/** The values a sink received during a batch, in order. */
export interface SinkOutput {
  sink: string;
  values: unknown[];
}

/** A record an operator could not take because the watermark had passed it by more than allowed. */
export interface LateRecord {
  operator: string;
  value: unknown;
  timestamp: number;
}

/** What one call on a task produced; write all of it atomically, or none of it. */
export interface TaskBatchResult {
  outputs: SinkOutput[];
  /**
   * The same values, across all sinks in the order they were emitted: it does not depend on how the
   * input was cut into batches, so a runtime writing several sinks into one topic writes them in it.
   */
  emitted: SinkValue[];
  /** The state changes of the batch: the changelog records, one per (namespace, key). */
  mutations: StateMutation[];
  /** Every late record, whether or not the job routes it to a side output. */
  late: LateRecord[];
}

export interface TaskStats {
  lateRecords: number;
  state: StateStats;
  /** The current watermark of each source. */
  watermarks: Record<string, number>;
}

/**
 * One running copy of a job over some partitions of its sources, with its own state, watermarks and
 * timers. It does no I/O and reads no clock: each call says what time it is and returns the outputs,
 * state mutations and late records to commit. A call that throws leaves the task unusable (see
 * TaskFailedError); restore a new task from the last committed state.
 */
export class Task {
  private readonly backend: StateBackend;
  private readonly clock = { now: Number.NEGATIVE_INFINITY };
  private readonly sources = new Map<string, SourceOperator>();
  private readonly assigned = new Map<string, ReadonlySet<number>>();
  private readonly operators: Operator[] = [];
  private readonly sinks: SinkOperator[] = [];
  private late: LateRecord[] = [];
  private readonly emitted: SinkValue[] = [];
  private lateTotal = 0;
  private started = false;
  private failure: { cause: unknown } | undefined;

  /** Tasks are made by `StreamJob.createTask`. */
  constructor(graph: StreamGraph, options: TaskOptions) {
    this.backend = options.backend ?? new MemoryStateBackend();
    this.clock.now = options.now;
    for (const name of Object.keys(options.partitions ?? {})) {
      if (!graph.sources.has(name)) throw new StreamDefinitionError(`the job has no source named "${name}"`);
    }
    const outputs = new Map<string, Output>();
    const contextOf = (output: Output) => ({
      backend: this.backend,
      clock: this.clock,
      output,
      reportLate: (operator: string, value: unknown, timestamp: number) => {
        this.late.push({ operator, value, timestamp });
        this.lateTotal++;
      },
    });
    const outputOf = (node: string): Output => {
      const output = outputs.get(node);
      if (!output) throw new StreamDefinitionError(`node "${node}" is used before it is defined`);
      return output;
    };

    for (const spec of graph.sources.values()) {
      const partitions =
        options.partitions?.[spec.id] ?? Array.from({ length: spec.partitions }, (_, p) => p);
      const output = new Output();
      outputs.set(spec.id, output);
      this.sources.set(
        spec.id,
        new SourceOperator(spec.id, spec.time, contextOf(output), partitions, options.now),
      );
      this.assigned.set(spec.id, new Set(partitions));
    }
    for (const spec of graph.operators) {
      const output = new Output();
      const operator = spec.create(contextOf(output));
      spec.inputs.forEach((ref, input) => outputOf(ref.node).connect(operator, input, ref.tag));
      outputs.set(spec.id, output);
      this.operators.push(operator);
    }
    for (const spec of graph.sinks) {
      const sink = new SinkOperator(spec.id, this.emitted);
      outputOf(spec.input.node).connect(sink, 0, spec.input.tag);
      this.sinks.push(sink);
    }
  }

  /** Processes a batch of one partition of one source, in order. */
  process(source: string, partition: number, records: readonly SourceRecord[], now: number): TaskBatchResult {
    const sourceOperator = this.sources.get(source);
    if (!sourceOperator) throw new StreamDefinitionError(`the job has no source named "${source}"`);
    if (!this.assigned.get(source)?.has(partition)) {
      throw new StreamError(`partition ${partition} of source ${source} is not assigned to this task`, {
        code: 'PARTITION_NOT_ASSIGNED',
        retriable: false,
        context: { source, partition },
      });
    }
    let recordIndex = -1;
    return this.run(
      { source, partition },
      () => {
        this.tick(now);
        for (recordIndex = 0; recordIndex < records.length; recordIndex++) {
          sourceOperator.ingest(partition, records[recordIndex] as SourceRecord, this.clock.now);
        }
        recordIndex = -1;
      },
      () => (recordIndex >= 0 ? { recordIndex } : {}),
    );
  }

  /** Lets processing time pass: idle partitions, processing-time timers and windows, early firings, TTL. */
  advanceTime(now: number): TaskBatchResult {
    return this.run({}, () => this.tick(now));
  }

  /** The input has ended: every source's watermark goes past all timestamps, so every window fires. */
  finish(now: number): TaskBatchResult {
    return this.run({}, () => {
      this.tick(now);
      for (const source of this.sources.values()) source.finish();
    });
  }

  /**
   * Rebuilds the task's state from a checkpoint and the changelog after it (mutations in commit
   * order), before the first batch. Watermarks are part of it, so lateness is judged as before.
   */
  restore(mutations: Iterable<StateMutation>): void {
    if (this.started) {
      throw new StreamError('a task can only be restored before its first batch', {
        code: 'TASK_ALREADY_STARTED',
        retriable: false,
      });
    }
    this.backend.restore(mutations);
    for (const source of this.sources.values()) source.restore();
    for (const operator of this.operators) operator.restore();
  }

  /** Every state entry as puts: a checkpoint of the task as of its last batch. */
  snapshot(): StateMutation[] {
    return this.backend.snapshot();
  }

  stats(): TaskStats {
    const watermarks: Record<string, number> = {};
    for (const [name, source] of this.sources) watermarks[name] = source.watermark;
    return { lateRecords: this.lateTotal, state: this.backend.stats(), watermarks };
  }

  private tick(now: number): void {
    if (now > this.clock.now) this.clock.now = now;
    const time = this.clock.now;
    for (const source of this.sources.values()) source.advanceTime(time);
    for (const operator of this.operators) operator.onProcessingTime(time);
    this.backend.deleteExpired(time);
  }

  private run(
    context: StreamErrorContext,
    work: () => void,
    failedAt: () => StreamErrorContext = () => ({}),
  ): TaskBatchResult {
    if (this.failure !== undefined) {
      throw new TaskFailedError('the task failed earlier; restore a new one', this.failure.cause, context);
    }
    this.started = true;
    try {
      work();
      for (const source of this.sources.values()) source.persistProgress();
      for (const operator of this.operators) operator.persistProgress();
    } catch (error) {
      this.failure = { cause: error };
      const message = error instanceof Error ? error.message : String(error);
      throw new TaskFailedError(`the batch failed: ${message}`, error, { ...context, ...failedAt() });
    }
    const late = this.late;
    this.late = [];
    // Emptied in place: the sinks hold the array.
    const emitted = this.emitted.splice(0);
    return {
      emitted,
      outputs: this.sinks
        .map((sink) => ({ sink: sink.id, values: sink.drain() }))
        .filter((output) => output.values.length > 0),
      mutations: this.backend.takeMutations(),
      late,
    };
  }
}
