import type { Kafka } from 'kafkajs';
import { createConsumer } from '../consumer/createConsumer.js';
import { PartitionPipeline } from './PartitionPipeline.js';
import type { TransactionalLogger } from './PartitionPipeline.js';
import type { TransactionalHandler } from './TransactionalHandler.js';
import type {
  TransactionalCommit,
  TransactionalSession,
  TransactionalTickHandler,
} from './TransactionalSession.js';
import { transactionalIdFor } from './transactionalIdFor.js';

export interface RunTransactionalOptions {
  kafka: Kafka;
  /** The consumer group; its offsets are committed inside the output transactions. */
  groupId: string;
  topics: string[];
  /** Transactional ids are `${prefix}-${topic}-${partition}`; every instance of a pipeline shares it. */
  transactionalIdPrefix: string;
  handler: TransactionalHandler;
  logger?: TransactionalLogger;
  /** Where a group without committed offsets starts (kafkajs' default: the end). */
  fromBeginning?: boolean;
  /** Partitions processed at the same time, each in its own transaction (default 4). */
  partitionsConsumedConcurrently?: number;
  /** See ConsumerOptions.sessionTimeoutMs. */
  sessionTimeoutMs?: number;
  /**
   * Told of every committed transaction (batch or tick) of a partition, before its next one runs:
   * what a handler keeping state needs to know what is final. Throwing starts a new session.
   */
  onCommitted?: (commit: TransactionalCommit) => void | Promise<void>;
  /** Runs `handler` every `intervalMs` for each owned partition (see TransactionalTickHandler). */
  tick?: { intervalMs: number; handler: TransactionalTickHandler };
  /**
   * Told when a partition's pipeline has closed (revoked, or the runner stops), after its last
   * batch or tick: the session's state can be dropped.
   */
  onSessionClosed?: (session: TransactionalSession) => void;
}

export interface TopicPartition {
  topic: string;
  partition: number;
}

export interface TransactionalRunner {
  /** True from joining the group until the consumer loop crashes or stops, for `/ready`. */
  isReady: () => boolean;
  /** Finishes the running batches, then disconnects the consumer and every producer. */
  stop: () => Promise<void>;
  /** Partitions stopped because another producer took their transactional id. */
  fencedPartitions: () => TopicPartition[];
}

/**
 * Exactly-once consume → transform → produce: for each batch of an input partition, the handler's
 * outputs and the consumed offsets are committed in one Kafka transaction, and the input is read
 * read_committed (createConsumer), so aborted upstream records are never handed over.
 *
 * On a handler error or a failed commit, the transaction is aborted and the error thrown into kafkajs.
 * kafkajs 2.2.4 then stops its fetchers and starts them again (its retrier, with the client's retry
 * settings), and since nothing past the last committed batch was resolved (autoCommit and
 * eachBatchAutoResolve are off), the next fetch starts at the aborted batch's first record. When the
 * retries run out the consumer crashes and restarts (restartOnFailure), re-reading the committed
 * offsets from the group: the same place. A fenced partition is paused instead, see PartitionPipeline.
 */
export async function runTransactional(options: RunTransactionalOptions): Promise<TransactionalRunner> {
  const { kafka, groupId, transactionalIdPrefix, handler, logger } = options;
  const admin = kafka.admin();
  const { consumer, isReady } = createConsumer(kafka, {
    groupId,
    ...(logger ? { logger } : {}),
    ...(options.sessionTimeoutMs === undefined ? {} : { sessionTimeoutMs: options.sessionTimeoutMs }),
  });
  const pipelines = new Map<string, PartitionPipeline>();
  const keyOf = (topic: string, partition: number) => `${topic}\u0000${partition}`;
  let stopping = false;
  let sessions = 0;
  const close = async (pipeline: PartitionPipeline): Promise<void> => {
    await pipeline.close();
    const session = pipeline.currentSession();
    if (session > 0) {
      options.onSessionClosed?.({ topic: pipeline.topic, partition: pipeline.partition, session });
    }
  };

  const pipelineFor = (topic: string, partition: number): PartitionPipeline => {
    const key = keyOf(topic, partition);
    let pipeline = pipelines.get(key);
    if (!pipeline) {
      pipeline = new PartitionPipeline(topic, partition, {
        kafka,
        admin,
        groupId,
        transactionalId: transactionalIdFor(transactionalIdPrefix, topic, partition),
        handler,
        ...(logger ? { logger } : {}),
        nextSession: () => ++sessions,
        ...(options.onCommitted ? { onCommitted: options.onCommitted } : {}),
      });
      pipelines.set(key, pipeline);
    }
    return pipeline;
  };

  // kafkajs tells the assignment only here. Producers of partitions that went elsewhere are closed
  // (after their running batch), so that a later assignment starts over from the committed offset;
  // a fenced partition assigned again in a new generation is resumed, with a new producer.
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    const assigned = new Set<string>();
    for (const [topic, partitions] of Object.entries(payload.memberAssignment)) {
      for (const partition of partitions) assigned.add(keyOf(topic, partition));
    }
    for (const [key, pipeline] of pipelines) {
      if (assigned.has(key) && !pipeline.isFenced()) continue;
      pipelines.delete(key);
      void close(pipeline);
      if (assigned.has(key)) consumer.resume([{ topic: pipeline.topic, partitions: [pipeline.partition] }]);
    }
  });

  await admin.connect();
  try {
    await consumer.connect();
    for (const topic of options.topics) {
      await consumer.subscribe({ topic, fromBeginning: options.fromBeginning ?? false });
    }
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 4,
      eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
        if (stopping) return;
        const { topic, partition } = batch;
        await pipelineFor(topic, partition).process(batch, {
          resolveOffset,
          heartbeat,
          pause: () => consumer.pause([{ topic, partitions: [partition] }]),
        });
      },
    });
  } catch (error) {
    await consumer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    throw error;
  }

  const tick = options.tick;
  const ticker =
    tick &&
    setInterval(() => {
      for (const pipeline of pipelines.values()) {
        if (!pipeline.isFenced()) void pipeline.tick(tick.handler);
      }
    }, tick.intervalMs);
  ticker?.unref();

  return {
    isReady,
    stop: async () => {
      stopping = true;
      clearInterval(ticker);
      // kafkajs' disconnect waits for the batches being processed before it leaves the group.
      await consumer.disconnect();
      await Promise.all([...pipelines.values()].map((pipeline) => close(pipeline)));
      pipelines.clear();
      await admin.disconnect();
    },
    fencedPartitions: () =>
      [...pipelines.values()]
        .filter((pipeline) => pipeline.isFenced())
        .map(({ topic, partition }) => ({ topic, partition })),
  };
}
