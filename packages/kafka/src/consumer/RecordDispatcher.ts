import type { KafkaMessage } from 'kafkajs';
import type { KafkaLogSink } from '../client/createKafkaClient.js';
import type { BackoffOptions } from '../retry/backoffDelay.js';
import { backoffDelay } from '../retry/backoffDelay.js';
import { ConsumerHandlerError } from './ConsumerHandlerError.js';
import type { ConsumerRecord, RecordErrorPolicy, RecordHandler } from './ConsumerRecord.js';
import { offsetNumber } from './offsetNumber.js';
import type { AcceptedRecord } from './PartitionState.js';
import { PartitionState } from './PartitionState.js';

/** Stops and restarts fetching of one partition (kafkajs' pause and resume, in the runner). */
export interface FlowControl {
  pause(state: PartitionState): void;
  resume(state: PartitionState): void;
}

export interface RecordDispatcherOptions {
  handler: RecordHandler;
  /** Without one, every handler failure is `stop`. */
  onError?: RecordErrorPolicy;
  /** Handlers running at once, over every partition. */
  concurrency: number;
  /** A partition holding this many unfinished records is paused. */
  maxInFlightPerPartition: number;
  /** A paused partition is resumed once its unfinished records are down to this many. */
  resumeAtInFlight: number;
  /**
   * A partition holding this many records at or above its watermark is paused too: a record that
   * stays unfinished (a slow or retried one) would otherwise let the finished records above it pile
   * up without bound.
   */
  maxUncommittedPerPartition: number;
  retryBackoff: BackoffOptions;
  flow: FlowControl;
  /** A record failed and the policy did not absorb it; called once per such record. */
  onFailure: (error: ConsumerHandlerError) => void;
  logger?: Pick<KafkaLogSink, 'warn' | 'error'>;
}

/** What became of a record offered by the fetch loop. */
export type OfferOutcome =
  /** Queued; kafkajs may move past it. */
  | 'accepted'
  /** Already accepted before (re-fetched after a rebalance); kafkajs may move past it. */
  | 'duplicate'
  /** The partition is full and paused: neither it nor anything after it may be resolved. */
  | 'full';

type Outcome = { kind: 'done' } | { kind: 'retry' } | { kind: 'failed'; error: ConsumerHandlerError };

const partitionKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/**
 * Runs the handler over accepted records: within a partition, records with the same key one at a
 * time in offset order and records with different keys at once, up to `concurrency` over all
 * partitions. Partitions with startable records take turns, so a busy partition cannot hold every
 * slot. It pauses a partition that is full and resumes it once drained, keeps each partition's commit
 * watermark, and applies the error policy. It knows nothing of Kafka beyond KafkaMessage: the runner
 * feeds it, commits what it reports and maps pause/resume to the consumer.
 */
export class RecordDispatcher {
  private readonly partitions = new Map<string, PartitionState>();
  /** Partitions with a startable record, in turn order (a Set iterates in insertion order). */
  private readonly ready = new Set<PartitionState>();
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private runningCount = 0;
  private held = false;
  private quiescenceWaiters: Array<() => void> = [];
  private readonly resumeAtUncommitted: number;

  constructor(private readonly options: RecordDispatcherOptions) {
    // The same hysteresis as for in-flight records, so that a watermark creeping up one record at a
    // time does not pause and resume the partition for every record.
    this.resumeAtUncommitted =
      options.maxUncommittedPerPartition - (options.maxInFlightPerPartition - options.resumeAtInFlight);
  }

  /** Handlers running now, over every partition. */
  get running(): number {
    return this.runningCount;
  }

  states(): PartitionState[] {
    return [...this.partitions.values()];
  }

  stateOf(topic: string, partition: number): PartitionState | undefined {
    return this.partitions.get(partitionKey(topic, partition));
  }

  /**
   * Takes a record fetched for a partition, in offset order. Records below what was accepted before
   * are duplicates of a re-fetch and are ignored; a full partition takes nothing and is paused.
   */
  offer(topic: string, partition: number, message: KafkaMessage): OfferOutcome {
    const state = this.stateFor(topic, partition);
    const offset = offsetNumber(message.offset);
    const next = state.tracker.nextOffset;
    if (next !== undefined && offset < next) return 'duplicate';
    if (this.isFull(state)) {
      this.pause(state);
      return 'full';
    }
    state.tracker.add(offset);
    state.inFlight++;
    state.queue.push(message.key ? message.key.toString('latin1') : null, { offset, message, attempt: 1 });
    this.markReady(state);
    if (this.isFull(state)) this.pause(state);
    this.pump();
    return 'accepted';
  }

  /**
   * kafkajs moved past offsets below `end` that hold no record for us (transaction markers, aborted
   * records), so the commit watermark may pass them once everything before is finished.
   */
  advanceTo(topic: string, partition: number, end: number): void {
    this.stateOf(topic, partition)?.tracker.advanceTo(end);
  }

  /** While held, no new handler starts; running ones finish. */
  setHeld(held: boolean): void {
    this.held = held;
    if (!held) this.pump();
    this.checkQuiescence();
  }

  /**
   * The partition went to another member: its waiting records are dropped and the completions of its
   * running ones will be ignored. The new owner starts from the committed offset.
   */
  revoke(state: PartitionState): void {
    state.revoked = true;
    state.queue.clear();
    this.ready.delete(state);
    this.partitions.delete(partitionKey(state.topic, state.partition));
    this.checkQuiescence();
  }

  /**
   * Gives up on every record not running (waiting ones and pending retries) and starts nothing more;
   * they stay below no committed offset, so whoever reads the partition next gets them again.
   */
  abandon(): void {
    this.held = true;
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    for (const state of this.partitions.values()) state.queue.clear();
    this.ready.clear();
    this.checkQuiescence();
  }

  /** Accepted records not finished, over every partition. */
  unfinished(): number {
    let count = 0;
    for (const state of this.partitions.values()) count += state.inFlight;
    return count;
  }

  /**
   * Resolves once nothing runs and nothing can start: every accepted record finished, or the rest
   * waits behind a failed record of its key, or starts are held.
   */
  whenQuiescent(): Promise<void> {
    return new Promise((resolve) => {
      this.quiescenceWaiters.push(resolve);
      this.checkQuiescence();
    });
  }

  /** Partitions whose watermark moved since their last commit, with the offset to commit. */
  commitPositions(): Array<{ state: PartitionState; offset: number }> {
    const positions: Array<{ state: PartitionState; offset: number }> = [];
    for (const state of this.partitions.values()) {
      const offset = state.tracker.committable();
      if (offset !== undefined && offset !== state.committedOffset) positions.push({ state, offset });
    }
    return positions;
  }

  private stateFor(topic: string, partition: number): PartitionState {
    const key = partitionKey(topic, partition);
    let state = this.partitions.get(key);
    if (!state) {
      state = new PartitionState(topic, partition);
      this.partitions.set(key, state);
    }
    return state;
  }

  private isFull(state: PartitionState): boolean {
    return (
      state.inFlight >= this.options.maxInFlightPerPartition ||
      state.tracker.uncommitted >= this.options.maxUncommittedPerPartition
    );
  }

  private pause(state: PartitionState): void {
    if (state.paused) return;
    state.paused = true;
    this.options.flow.pause(state);
  }

  private resumeIfDrained(state: PartitionState): void {
    if (
      state.paused &&
      !state.revoked &&
      state.inFlight <= this.options.resumeAtInFlight &&
      state.tracker.uncommitted <= this.resumeAtUncommitted
    ) {
      state.paused = false;
      this.options.flow.resume(state);
    }
  }

  private markReady(state: PartitionState): void {
    if (!state.revoked && state.queue.hasReady()) this.ready.add(state);
  }

  /** Starts records while slots are free, one per partition in turn. */
  private pump(): void {
    while (!this.held && this.runningCount < this.options.concurrency) {
      const next = this.ready.values().next();
      if (next.done) return;
      const state = next.value;
      this.ready.delete(state);
      const task = state.queue.take();
      if (!task) continue;
      // Back to the end of the turn order.
      this.markReady(state);
      this.runningCount++;
      state.running++;
      void this.run(state, task.key, task.item);
    }
  }

  private async run(state: PartitionState, key: string | null, accepted: AcceptedRecord): Promise<void> {
    const record: ConsumerRecord = {
      topic: state.topic,
      partition: state.partition,
      message: accepted.message,
      attempt: accepted.attempt,
    };
    let outcome: Outcome;
    try {
      await this.options.handler(record);
      outcome = { kind: 'done' };
    } catch (error) {
      outcome = await this.decide(error, record);
    }
    this.runningCount--;
    state.running--;
    if (!state.revoked) this.settle(state, key, accepted, outcome);
    this.pump();
    this.checkQuiescence();
  }

  /** Applies the error policy; a policy that throws or answers nonsense stops the runner. */
  private async decide(error: unknown, record: ConsumerRecord): Promise<Outcome> {
    const failed = (cause: unknown): Outcome => ({
      kind: 'failed',
      error: new ConsumerHandlerError(
        {
          topic: record.topic,
          partition: record.partition,
          offset: record.message.offset,
          attempt: record.attempt,
        },
        cause,
      ),
    });
    const policy = this.options.onError;
    if (!policy) return failed(error);
    let action: unknown;
    try {
      action = await policy(error, record);
    } catch (thrown) {
      return failed(thrown);
    }
    const where = { topic: record.topic, partition: record.partition, offset: record.message.offset };
    switch (action) {
      case 'retry':
        this.options.logger?.warn(
          { ...where, attempt: record.attempt, err: error },
          'record failed, retrying',
        );
        return { kind: 'retry' };
      case 'skip':
        this.options.logger?.warn({ ...where, attempt: record.attempt, err: error }, 'failed record skipped');
        return { kind: 'done' };
      case 'stop':
        return failed(error);
      default:
        return failed(new TypeError(`onError returned ${String(action)}, not 'retry', 'skip' or 'stop'`));
    }
  }

  private settle(
    state: PartitionState,
    key: string | null,
    accepted: AcceptedRecord,
    outcome: Outcome,
  ): void {
    switch (outcome.kind) {
      case 'done':
        state.queue.release(key);
        state.tracker.complete(accepted.offset);
        state.inFlight--;
        this.markReady(state);
        this.resumeIfDrained(state);
        return;
      case 'retry': {
        // The key stays busy while the record waits, so nothing after it with that key overtakes it.
        const timer = setTimeout(
          () => {
            this.retryTimers.delete(timer);
            if (state.revoked) return;
            state.queue.requeue(key, { ...accepted, attempt: accepted.attempt + 1 });
            this.markReady(state);
            this.pump();
          },
          backoffDelay(this.options.retryBackoff, accepted.attempt),
        );
        // A pending retry must not keep a process alive that is otherwise done.
        timer.unref();
        this.retryTimers.add(timer);
        return;
      }
      case 'failed':
        // The key stays busy for good: later records with it must not run before this one.
        this.options.logger?.error({ err: outcome.error }, 'record failed; stopping the consumer');
        this.options.onFailure(outcome.error);
        return;
    }
  }

  private checkQuiescence(): void {
    if (this.quiescenceWaiters.length === 0) return;
    const quiet =
      this.runningCount === 0 && this.retryTimers.size === 0 && (this.held || this.ready.size === 0);
    if (!quiet) return;
    const waiters = this.quiescenceWaiters;
    this.quiescenceWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
