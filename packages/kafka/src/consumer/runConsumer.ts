import type { Kafka, TopicPartition, TopicPartitionOffset } from 'kafkajs';
import type { KafkaLogSink } from '../client/createKafkaClient.js';
import { KafkaError } from '../errors.js';
import type { BackoffOptions } from '../retry/backoffDelay.js';
import { ConsumerOptionsError } from './ConsumerOptionsError.js';
import type { RecordErrorPolicy, RecordHandler } from './ConsumerRecord.js';
import { createConsumer } from './createConsumer.js';
import { offsetNumber } from './offsetNumber.js';
import type { PartitionFlow, PartitionState } from './PartitionState.js';
import { RecordDispatcher } from './RecordDispatcher.js';

/** Told when backpressure pauses or resumes a partition and when offsets are committed. */
export interface ConsumerRunnerListener {
  partitionPaused?(flow: PartitionFlow): void;
  partitionResumed?(flow: PartitionFlow): void;
  offsetsCommitted?(offsets: TopicPartitionOffset[]): void;
}

export interface RunConsumerOptions {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  handler: RecordHandler;
  /** What a handler failure means (see RecordErrorAction); without one, any failure stops the runner. */
  onError?: RecordErrorPolicy;
  /** Handlers running at once over every partition (default 8). */
  concurrency?: number;
  /** Unfinished records a partition may hold before it is paused (default 64). */
  maxInFlightPerPartition?: number;
  /** A paused partition resumes when its unfinished records are down to this (default half the max). */
  resumeAtInFlight?: number;
  /**
   * Records at or above a partition's commit watermark, finished or not, before it is paused
   * (default 10 × maxInFlightPerPartition): bounds what one stuck record holds back.
   */
  maxUncommittedPerPartition?: number;
  /** Waits before in-place retries ordered by onError (default 100 ms, doubling, at most 30 s). */
  retryBackoff?: BackoffOptions;
  /** Where a group without committed offsets starts; false (the newest records) by default. */
  fromBeginning?: boolean;
  /** How often the watermarks are committed (default 1 s); also on rebalance and on stop. */
  commitIntervalMs?: number;
  /** How long stop() waits for accepted records to finish (default 30 s). */
  shutdownTimeoutMs?: number;
  /**
   * Fetch long-poll (default 500 ms). A resumed partition is fetched again only when the fetch in
   * flight returns, so this bounds how late it rejoins.
   */
  maxWaitTimeInMs?: number;
  listener?: ConsumerRunnerListener;
  logger?: Pick<KafkaLogSink, 'info' | 'warn' | 'error'>;
}

/** What stop() achieved. */
export interface StopReport {
  /**
   * Nothing was running any more when stop() gave up waiting: it did not hit shutdownTimeoutMs.
   * Records that could not start (behind a failed record of their key, or held by a rebalance)
   * do not make it false; they count in `unfinished`.
   */
  drained: boolean;
  /** Accepted records left unfinished; they are at or above the committed offset and will be read again. */
  unfinished: number;
  /** The offsets last committed by this runner, per partition it held at the end. */
  committed: TopicPartitionOffset[];
}

/** A running consumer; see runConsumer. */
export interface ConsumerRunner {
  /**
   * Stops fetching, lets accepted records finish (up to shutdownTimeoutMs), commits the watermarks
   * and leaves the group. Safe to call more than once; every call gets the same report.
   */
  stop(): Promise<StopReport>;
  /**
   * Settles when the runner has stopped: resolves after stop(), rejects with a ConsumerHandlerError
   * when a handler failure stopped it, or with a KafkaError when the consumer crashed for good.
   */
  readonly stopped: Promise<void>;
  /** True from joining the group until the consumer stops or crashes, for `/ready`. */
  isReady(): boolean;
  /** Partitions paused by backpressure. */
  pausedPartitions(): TopicPartition[];
  /** Per assigned partition: unfinished, running and uncommitted records, pause and committed offset. */
  inFlight(): PartitionFlow[];
}

const DEFAULT_RETRY_BACKOFF: BackoffOptions = { initialMs: 100, multiplier: 2, maxMs: 30_000 };

interface Settings {
  concurrency: number;
  maxInFlightPerPartition: number;
  resumeAtInFlight: number;
  maxUncommittedPerPartition: number;
  commitIntervalMs: number;
  shutdownTimeoutMs: number;
  maxWaitTimeInMs: number;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0)
    throw new ConsumerOptionsError(`${name} must be a positive integer, got ${value}`);
  return value;
}

function settingsOf(options: RunConsumerOptions): Settings {
  if (!options.groupId) throw new ConsumerOptionsError('groupId must be a non-empty group id');
  if (options.topics.length === 0 || options.topics.some((topic) => !topic))
    throw new ConsumerOptionsError('topics must be a non-empty list of topic names');
  const maxInFlight = positiveInteger('maxInFlightPerPartition', options.maxInFlightPerPartition ?? 64);
  const resumeAt = options.resumeAtInFlight ?? Math.floor(maxInFlight / 2);
  if (!Number.isInteger(resumeAt) || resumeAt < 0 || resumeAt >= maxInFlight)
    throw new ConsumerOptionsError(
      `resumeAtInFlight must be an integer from 0 to maxInFlightPerPartition - 1 (${maxInFlight - 1}), got ${resumeAt}`,
    );
  const maxUncommitted = positiveInteger(
    'maxUncommittedPerPartition',
    options.maxUncommittedPerPartition ?? 10 * maxInFlight,
  );
  if (maxUncommitted < maxInFlight)
    throw new ConsumerOptionsError(
      `maxUncommittedPerPartition (${maxUncommitted}) must be at least maxInFlightPerPartition (${maxInFlight})`,
    );
  return {
    concurrency: positiveInteger('concurrency', options.concurrency ?? 8),
    maxInFlightPerPartition: maxInFlight,
    resumeAtInFlight: resumeAt,
    maxUncommittedPerPartition: maxUncommitted,
    commitIntervalMs: positiveInteger('commitIntervalMs', options.commitIntervalMs ?? 1_000),
    shutdownTimeoutMs: positiveInteger('shutdownTimeoutMs', options.shutdownTimeoutMs ?? 30_000),
    maxWaitTimeInMs: positiveInteger('maxWaitTimeInMs', options.maxWaitTimeInMs ?? 500),
  };
}

/** Resolves true when `promise` settles within `ms`, false after `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Consumes `topics` as `groupId` (read_committed, through createConsumer) and runs `handler` for each
 * record with per-key ordered concurrency:
 *
 * - Within a partition, records with different keys run at once and records with the same key one at
 *   a time in offset order (all null-key records of a partition count as one key), up to
 *   `concurrency` handlers over every partition.
 * - Offsets are committed by hand, every `commitIntervalMs`, on rebalance and on stop: per partition
 *   the watermark below which every record finished, never past one running, waiting or failed.
 *   Delivery is at least once: after a crash, records finished above the watermark are handled again.
 * - Backpressure: a partition holding `maxInFlightPerPartition` unfinished records (or
 *   `maxUncommittedPerPartition` above its watermark) is paused, and resumed once down to
 *   `resumeAtInFlight`; other partitions keep flowing. Records past the limit are not taken from the
 *   fetched batch: kafkajs fetches them again after the resume, so nothing is buffered beyond it.
 * - A handler failure goes to `onError` (retry in place, skip, or stop); without one the runner stops,
 *   the failed record uncommitted, and `stopped` rejects. Nothing is dropped silently.
 *
 * kafkajs rebalances eagerly and has no revoke callback that could delay the rejoin. On REBALANCING
 * the runner starts no new record and commits what is finished, while the old generation may still
 * commit; on the new assignment, partitions kept go on where they were (the re-fetch from the committed
 * offset is skipped) and revoked ones drop their waiting records. A handler still running for a
 * revoked partition may overlap its new owner's run of the same record.
 */
export async function runConsumer(options: RunConsumerOptions): Promise<ConsumerRunner> {
  const settings = settingsOf(options);
  const { kafka, groupId, topics, listener, logger } = options;
  const { consumer, isReady } = createConsumer(kafka, {
    groupId,
    maxWaitTimeInMs: settings.maxWaitTimeInMs,
    ...(logger ? { logger } : {}),
  });

  let stopping: Promise<StopReport> | undefined;
  let failure: Error | undefined;
  let commitTail: Promise<void> = Promise.resolve();
  let settleStopped: { resolve: () => void; reject: (error: Error) => void } | undefined;
  const stopped = new Promise<void>((resolve, reject) => (settleStopped = { resolve, reject }));
  // Whoever never awaits `stopped` must not get an unhandled rejection for it.
  stopped.catch(() => undefined);

  const only = (state: PartitionState) => [{ topic: state.topic, partitions: [state.partition] }];
  // kafkajs throws from pause/resume while it restarts after a crash (it has no consumer group then);
  // the GROUP_JOIN after the restart re-applies the pauses.
  const safely = (action: () => void) => {
    try {
      action();
    } catch (error) {
      logger?.warn({ err: error }, 'could not pause or resume a partition');
    }
  };

  // A listener is telemetry: its failure is logged, never allowed to break the flow of records.
  const notify = (event: string, call: () => void) => {
    try {
      call();
    } catch (error) {
      logger?.warn({ err: error, event }, 'a consumer runner listener threw');
    }
  };

  const dispatcher = new RecordDispatcher({
    handler: options.handler,
    ...(options.onError ? { onError: options.onError } : {}),
    concurrency: settings.concurrency,
    maxInFlightPerPartition: settings.maxInFlightPerPartition,
    resumeAtInFlight: settings.resumeAtInFlight,
    maxUncommittedPerPartition: settings.maxUncommittedPerPartition,
    retryBackoff: options.retryBackoff ?? DEFAULT_RETRY_BACKOFF,
    flow: {
      pause: (state) => {
        safely(() => consumer.pause(only(state)));
        if (listener?.partitionPaused)
          notify('partitionPaused', () => listener.partitionPaused?.(state.snapshot()));
      },
      resume: (state) => {
        // While stopping every partition stays paused; the flag still tells that it drained.
        if (!stopping) safely(() => consumer.resume(only(state)));
        if (listener?.partitionResumed)
          notify('partitionResumed', () => listener.partitionResumed?.(state.snapshot()));
      },
    },
    onFailure: (error) => fail(error),
    ...(logger ? { logger } : {}),
  });

  const commitNow = async (): Promise<void> => {
    const positions = dispatcher.commitPositions();
    if (positions.length === 0) return;
    // The committed offsets are recorded from kafkajs' COMMIT_OFFSETS event, not here: kafkajs
    // returns without committing when its runner is stopping, and would be taken at its word.
    await consumer.commitOffsets(
      positions.map(({ state, offset }) => ({
        topic: state.topic,
        partition: state.partition,
        offset: String(offset),
      })),
    );
  };
  /** Commits after any commit still in flight, so that commits reach the broker in order. */
  const commit = (): Promise<void> => {
    const run = commitTail.then(commitNow);
    commitTail = run.catch(() => undefined);
    return run;
  };
  const commitQuietly = (when: string) =>
    commit().catch((error: unknown) => logger?.warn({ err: error, when }, 'committing offsets failed'));

  // Nothing to commit until records are taken, so the timer may start before the group is joined.
  const commitTimer = setInterval(() => void commitQuietly('interval'), settings.commitIntervalMs);
  commitTimer.unref();

  const shutdown = (): Promise<StopReport> => {
    stopping ??= (async () => {
      clearInterval(commitTimer);
      // No more batches; accepted records still run.
      safely(() => consumer.pause(topics.map((topic) => ({ topic }))));
      const drained = await settlesWithin(dispatcher.whenQuiescent(), settings.shutdownTimeoutMs);
      const unfinished = dispatcher.unfinished();
      dispatcher.abandon();
      if (!drained)
        logger?.warn({ unfinished }, 'stopping with records unfinished after the shutdown timeout');
      try {
        // kafkajs commits nothing once disconnecting has begun, so the last commit comes first.
        await commit();
      } catch (error) {
        logger?.error(
          { err: error },
          'the final offset commit failed; records since the last one will be read again',
        );
      }
      const committed = dispatcher
        .states()
        .flatMap((state) =>
          state.committedOffset === undefined
            ? []
            : [{ topic: state.topic, partition: state.partition, offset: String(state.committedOffset) }],
        );
      await consumer
        .disconnect()
        .catch((error: unknown) => logger?.warn({ err: error }, 'disconnect failed'));
      return { drained, unfinished, committed };
    })();
    void stopping.then(
      () => (failure ? settleStopped?.reject(failure) : settleStopped?.resolve()),
      (error: unknown) => settleStopped?.reject(error instanceof Error ? error : new Error(String(error))),
    );
    return stopping;
  };

  const fail = (error: Error) => {
    failure ??= error;
    void shutdown();
  };

  consumer.on(consumer.events.COMMIT_OFFSETS, ({ payload }) => {
    const committed: TopicPartitionOffset[] = [];
    for (const { topic, partitions } of payload.topics) {
      for (const { partition, offset } of partitions) {
        const state = dispatcher.stateOf(topic, partition);
        if (state) state.committedOffset = offsetNumber(String(offset));
        committed.push({ topic, partition, offset: String(offset) });
      }
    }
    if (listener?.offsetsCommitted) notify('offsetsCommitted', () => listener.offsetsCommitted?.(committed));
  });

  // Eager rebalancing revokes every partition: start nothing new and commit what is finished while
  // this member's generation may still commit.
  consumer.on(consumer.events.REBALANCING, () => {
    dispatcher.setHeld(true);
    // Sent at once, not after a commit in flight: kafkajs rejoins right after this event, and a commit
    // that reaches the broker after the rejoin is refused for its old generation. Watermarks only
    // grow and one connection keeps requests in order, so overtaking the queue commits nothing older.
    const urgent = commitNow().catch((error: unknown) =>
      logger?.warn({ err: error, when: 'rebalancing' }, 'committing offsets failed'),
    );
    commitTail = Promise.all([commitTail, urgent]).then(() => undefined);
  });

  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    const assigned = new Set<string>();
    const assignment = Object.entries(payload.memberAssignment);
    for (const [topic, partitions] of assignment)
      for (const partition of partitions) assigned.add(`${topic}\u0000${partition}`);
    for (const state of dispatcher.states()) {
      if (assigned.has(`${state.topic}\u0000${state.partition}`)) continue;
      dispatcher.revoke(state);
      // kafkajs keeps a pause beyond the assignment; it would hold the partition if it came back.
      safely(() => consumer.resume(only(state)));
    }
    if (stopping) {
      safely(() => consumer.pause(topics.map((topic) => ({ topic }))));
      return;
    }
    // kafkajs forgets pauses when it restarts after a crash: apply ours again, lift any other.
    for (const [topic, partitions] of assignment) {
      for (const partition of partitions) {
        const target = [{ topic, partitions: [partition] }];
        const paused = dispatcher.stateOf(topic, partition)?.paused ?? false;
        safely(() => (paused ? consumer.pause(target) : consumer.resume(target)));
      }
    }
    dispatcher.setHeld(false);
  });

  // A fetch that held only transaction markers or aborted records never reaches eachBatch, yet kafkajs
  // moves past it; the watermark may too, or a transactional topic would never show zero lag.
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    const first: string | null = payload.firstOffset;
    if (payload.batchSize !== 0 || first === null) return;
    const next = dispatcher.stateOf(payload.topic, payload.partition)?.tracker.nextOffset;
    // Only a fetch that started at or before where delivery stands tells what lies beyond it.
    if (next !== undefined && offsetNumber(first) >= next)
      dispatcher.advanceTo(payload.topic, payload.partition, offsetNumber(payload.lastOffset) + 1);
  });

  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (payload.restart) return;
    fail(
      new KafkaError(`the consumer of group ${groupId} crashed and will not restart`, {
        code: 'CONSUMER_CRASHED',
        cause: payload.error,
      }),
    );
  });

  try {
    await consumer.connect();
    for (const topic of topics)
      await consumer.subscribe({ topic, fromBeginning: options.fromBeginning ?? false });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      // eachBatch only queues records and returns, so one batch at a time is plenty.
      partitionsConsumedConcurrently: 1,
      eachBatch: async ({ batch, resolveOffset }) => {
        if (stopping) return;
        let lastTaken: string | undefined;
        let tookAll = true;
        for (const message of batch.messages) {
          if (dispatcher.offer(batch.topic, batch.partition, message) === 'full') {
            tookAll = false;
            break;
          }
          lastTaken = message.offset;
        }
        // kafkajs fetches again from after the last resolved offset; resolving the batch's last
        // record moves it past trailing markers too.
        if (tookAll) dispatcher.advanceTo(batch.topic, batch.partition, offsetNumber(batch.lastOffset()) + 1);
        if (lastTaken !== undefined) resolveOffset(lastTaken);
      },
    });
  } catch (error) {
    clearInterval(commitTimer);
    await consumer.disconnect().catch(() => undefined);
    throw error;
  }

  return {
    stop: shutdown,
    stopped,
    isReady,
    pausedPartitions: () =>
      dispatcher
        .states()
        .filter((state) => state.paused)
        .map(({ topic, partition }) => ({ topic, partition })),
    inFlight: () => dispatcher.states().map((state) => state.snapshot()),
  };
}
