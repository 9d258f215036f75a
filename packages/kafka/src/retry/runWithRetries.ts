import type { Kafka, KafkaMessage } from 'kafkajs';
import { deadLetterTopicName, retryTopicName } from '../catalogue/TopicCatalogue.js';
import type { KafkaLogSink } from '../client/createKafkaClient.js';
import { createConsumer } from '../consumer/createConsumer.js';
import { deadLetterMessage } from '../dlq/deadLetterMessage.js';
import { createProducer } from '../producer/createProducer.js';
import { RetryOptionsError } from './RetryOptionsError.js';
import type { BackoffOptions } from './backoffDelay.js';
import { DEFAULT_BACKOFF, backoffDelay } from './backoffDelay.js';
import { isRetriable } from './isRetriable.js';
import type { RetryState } from './retryHeaders.js';
import { readRetryState, retryMessage, withoutRetryHeaders } from './retryHeaders.js';

/** What the handler is told about the delivery in hand. */
export interface RetryContext {
  /** 1 on the main topic, n + 1 on `<topic>.retry.<n>`. */
  attempt: number;
  /** The topic the record was consumed from: the main topic or one of its retry tiers. */
  topic: string;
  partition: number;
  /** Where the record was first written, whichever tier it is on now. */
  originalTopic: string;
  originalPartition: number;
  originalOffset: string;
}

export type RetryHandler = (message: KafkaMessage, context: RetryContext) => Promise<void>;

export interface RunWithRetriesOptions {
  kafka: Kafka;
  groupId: string;
  /** The main topic; `<topic>.retry.1..attempts` and `<topic>.dlq` must exist (see topics.yaml). */
  topic: string;
  /**
   * Retries after the first delivery, one `<topic>.retry.<n>` tier each (default 3, as `retries` in
   * topics.yaml), so a record that always fails is handled attempts + 1 times before the DLQ.
   */
  attempts?: number;
  backoff?: BackoffOptions;
  handler: RetryHandler;
  logger?: Pick<KafkaLogSink, 'warn' | 'error'>;
  /** Where a group without committed offsets starts; false (the newest records) by default. */
  fromBeginning?: boolean;
  /** Partitions handled at once; 1 by default, so a slow handler delays other partitions' records. */
  partitionsConsumedConcurrently?: number;
  /**
   * Longest fetch long-poll, which bounds how late a due retry is picked up after its partition
   * resumes; by default the first tier's delay, kept within 100 ms to 1 s.
   */
  maxFetchWaitMs?: number;
}

/** A running retry loop. */
export interface RetryRunner {
  /** Stops consuming, cancels pending resumes and disconnects; safe to call more than once. */
  stop(): Promise<void>;
}

const MAX_ATTEMPTS = 10;

function validate(options: RunWithRetriesOptions, attempts: number, backoff: BackoffOptions): void {
  if (!options.topic) throw new RetryOptionsError('topic must be a non-empty topic name');
  if (!options.groupId) throw new RetryOptionsError('groupId must be a non-empty group id');
  if (!Number.isInteger(attempts) || attempts < 0 || attempts > MAX_ATTEMPTS)
    throw new RetryOptionsError(`attempts must be an integer from 0 to ${MAX_ATTEMPTS}, got ${attempts}`);
  const { initialMs, multiplier, maxMs } = backoff;
  if (!(Number.isFinite(initialMs) && initialMs >= 0))
    throw new RetryOptionsError(`backoff.initialMs must be a finite number >= 0, got ${initialMs}`);
  if (!(Number.isFinite(multiplier) && multiplier >= 1))
    throw new RetryOptionsError(`backoff.multiplier must be a finite number >= 1, got ${multiplier}`);
  if (!(Number.isFinite(maxMs) && maxMs >= initialMs))
    throw new RetryOptionsError(`backoff.maxMs must be >= backoff.initialMs, got ${maxMs}`);
  const wait = options.maxFetchWaitMs;
  if (wait !== undefined && !(Number.isInteger(wait) && wait > 0))
    throw new RetryOptionsError(`maxFetchWaitMs must be a positive integer, got ${wait}`);
}

function asError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}

/**
 * Consumes `topic` and its retry tiers with one consumer and calls `handler` for each record. A record
 * whose handler fails with a retriable error is copied to the next tier `<topic>.retry.<n>` with a
 * not-before time (exponential backoff); after the last tier, or at once for a non-retriable error, it
 * goes to `<topic>.dlq` with its origin and the error in `dlq-*` headers.
 *
 * Nothing sleeps: a tier partition whose next record is not yet due is paused and a timer resumes it,
 * while the main topic and every other partition keep flowing. Records on one tier wait the same
 * delay, so they become due in the order they were written and pausing at the first one not due holds
 * back nothing that is due. One consumer serves every tier: a single group membership and one
 * rebalance, and pausing is per partition anyway, so a consumer per tier would add connections and
 * groups without letting anything through sooner.
 *
 * Delivery is at least once: the copy to the next tier or the DLQ is acknowledged (acks=all,
 * idempotent producer) before the consumed offset is committed, so a crash between the two hands the
 * record to the handler or to the next tier again, never loses it. Per-key order is not kept for
 * records that fail: later records with the same key are handled while an earlier one waits on a tier.
 */
export async function runWithRetries(options: RunWithRetriesOptions): Promise<RetryRunner> {
  const attempts = options.attempts ?? 3;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  validate(options, attempts, backoff);
  const { kafka, topic, handler, logger } = options;

  const tiers = new Map<string, number>([[topic, 0]]);
  for (let tier = 1; tier <= attempts; tier++) tiers.set(retryTopicName(topic, tier), tier);
  const deadLetterTopic = deadLetterTopicName(topic);

  const producer = createProducer(kafka);
  const maxFetchWaitMs = options.maxFetchWaitMs ?? Math.min(1_000, Math.max(100, backoff.initialMs));
  const { consumer } = createConsumer(kafka, {
    maxWaitTimeInMs: maxFetchWaitMs,
    groupId: options.groupId,
    ...(logger ? { logger } : {}),
  });
  const resumeTimers = new Map<string, NodeJS.Timeout>();
  let stopping: Promise<void> | undefined;

  const resumeLater = (tierTopic: string, partition: number, delayMs: number): void => {
    const key = `${tierTopic}:${partition}`;
    clearTimeout(resumeTimers.get(key));
    consumer.pause([{ topic: tierTopic, partitions: [partition] }]);
    const timer = setTimeout(() => {
      resumeTimers.delete(key);
      if (!stopping) consumer.resume([{ topic: tierTopic, partitions: [partition] }]);
    }, delayMs);
    // A pending resume must not keep a process alive that has otherwise finished.
    timer.unref();
    resumeTimers.set(key, timer);
  };

  const settle = async (message: KafkaMessage, state: RetryState, tier: number, thrown: unknown) => {
    const error = asError(thrown);
    const firstFailureAt = state.firstFailureAt ?? new Date();
    const where = {
      topic: state.originalTopic,
      partition: state.originalPartition,
      offset: state.originalOffset,
    };
    if (isRetriable(thrown) && tier < attempts) {
      const next = tier + 1;
      const notBefore = Date.now() + backoffDelay(backoff, next);
      await producer.send({
        topic: retryTopicName(topic, next),
        messages: [retryMessage(message, state, error, notBefore, firstFailureAt)],
      });
      logger?.warn(
        { ...where, attempt: state.attempt, err: error, retryTopic: retryTopicName(topic, next) },
        'record failed, retrying later',
      );
      return;
    }
    await producer.send({
      topic: deadLetterTopic,
      messages: [
        deadLetterMessage(
          { topic: state.originalTopic, partition: state.originalPartition },
          withoutRetryHeaders(message),
          error,
          state.attempt,
          { offset: state.originalOffset, timestamp: state.originalTimestamp, firstFailureAt },
        ),
      ],
    });
    logger?.error(
      { ...where, attempt: state.attempt, err: error, retriable: isRetriable(thrown) },
      'record dead-lettered',
    );
  };

  try {
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topics: [...tiers.keys()], fromBeginning: options.fromBeginning ?? false });
    await consumer.run({
      // Offsets are resolved by hand, one record at a time, only once its fate is settled.
      eachBatchAutoResolve: false,
      autoCommitThreshold: 1,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
      eachBatch: async ({
        batch,
        resolveOffset,
        heartbeat,
        commitOffsetsIfNecessary,
        isRunning,
        isStale,
      }) => {
        const tier = tiers.get(batch.topic) ?? 0;
        try {
          for (const message of batch.messages) {
            if (!isRunning() || isStale()) break;
            const state = readRetryState({ topic: batch.topic, partition: batch.partition, message }, tier);
            const waitMs = state.notBefore - Date.now();
            if (waitMs > 0) {
              // Left unresolved, so the fetch after the resume starts again at this record.
              resumeLater(batch.topic, batch.partition, waitMs);
              break;
            }
            try {
              await handler(message, {
                attempt: state.attempt,
                topic: batch.topic,
                partition: batch.partition,
                originalTopic: state.originalTopic,
                originalPartition: state.originalPartition,
                originalOffset: state.originalOffset,
              });
            } catch (thrown) {
              await settle(message, state, tier, thrown);
            }
            resolveOffset(message.offset);
            await heartbeat();
          }
        } finally {
          // Only records whose handling or forwarding was acknowledged were resolved: commit those.
          await commitOffsetsIfNecessary();
        }
      },
    });
  } catch (error) {
    await Promise.allSettled([consumer.disconnect(), producer.disconnect()]);
    throw error;
  }

  return {
    stop: () => {
      stopping ??= (async () => {
        for (const timer of resumeTimers.values()) clearTimeout(timer);
        resumeTimers.clear();
        await consumer.disconnect();
        await producer.disconnect();
      })();
      return stopping;
    },
  };
}
