import { deadLetterMessage, runTransactional } from '@streamforge/kafka';
import type {
  TransactionalBatch,
  TransactionalCommit,
  TransactionalOutput,
  TransactionalSession,
} from '@streamforge/kafka';
import type { Cluster, Redis } from 'ioredis';
import type { KafkaSourceRecord } from '../../datastream/KafkaSource.js';
import type { StreamJob } from '../../datastream/StreamJob.js';
import { StreamError } from '../../errors.js';
import type { SourceRecord } from '../../operators/SourceOperator.js';
import type { TaskStats } from '../Task.js';
import { CheckpointCoordinator } from './CheckpointCoordinator.js';
import type { CheckpointStats } from './CheckpointCoordinator.js';
import { checkpointConfig } from './CheckpointConfig.js';
import type { CheckpointConfig } from './CheckpointConfig.js';
import { decodeMutation } from './changelogCodec.js';
import type { ConsumedMessage, KafkaClient } from './kafkaTypes.js';
import { kafkaJobPlan } from './kafkaJobPlan.js';
import type { KafkaJobPlan } from './kafkaJobPlan.js';
import { PartitionTask } from './PartitionTask.js';
import { prepareTopics } from './prepareTopics.js';
import { readChangelog } from './readChangelog.js';
import { RedisCheckpointStore } from './RedisCheckpointStore.js';
import { taskOutputs } from './taskOutputs.js';

type LogMethod = (fields: Record<string, unknown>, message: string) => void;

export interface KafkaJobLogger {
  error: LogMethod;
  warn: LogMethod;
  info: LogMethod;
  debug: LogMethod;
}

export interface KafkaJobOptions {
  kafka: KafkaClient;
  /** Where checkpoints go; the caller owns the connection (a Cluster works: keys carry hash tags). */
  redis: Redis | Cluster;
  /** Names the changelog `<app>-<job>-changelog`, the group, the transactional ids and Redis keys. */
  app: string;
  job: string;
  /** Default `<app>-<job>`. */
  groupId?: string;
  /** Default `<app>-<job>`; producers are `<prefix>-<source topic>-<partition>`. */
  transactionalIdPrefix?: string;
  /** Every late record goes here, as JSON `{ operator, timestamp, value }`. Must exist. */
  lateTopic?: string;
  /** Records the source cannot decode go here (else the batch fails and is retried). Must exist. */
  deadLetterTopic?: string;
  checkpoint?: Partial<CheckpointConfig>;
  /** How often processing time is advanced on each owned partition without input (default 1 s). */
  tickIntervalMs?: number;
  /** Where a group without committed offsets starts (default: the beginning). */
  fromBeginning?: boolean;
  partitionsConsumedConcurrently?: number;
  sessionTimeoutMs?: number;
  logger?: KafkaJobLogger;
  /** Processing time; Date.now by default. */
  clock?: () => number;
}

export interface KafkaJobStats {
  /** Per input partition this instance runs a task for. */
  tasks: Record<number, TaskStats>;
  checkpoints: CheckpointStats;
  restores: number;
}

export interface KafkaJobRunner {
  isReady: () => boolean;
  /** Finishes the running batches, commits them, writes every pending checkpoint, disconnects. */
  stop: () => Promise<void>;
  stats: () => KafkaJobStats;
  fencedPartitions: () => number[];
}

/**
 * Runs a job on Kafka with exactly-once results: one task per partition of the source topic, each
 * batch's outputs, late records and state changes (to the compacted changelog) committed in one
 * transaction with its input offsets; Redis checkpoints bound the changelog replay on restore. See the
 * package README, "Kafka runtime".
 */
export async function runKafkaJob(job: StreamJob, options: KafkaJobOptions): Promise<KafkaJobRunner> {
  const plan = kafkaJobPlan(job.dataflow);
  const { kafka, app, logger } = options;
  const name = `${app}-${options.job}`;
  const clock = options.clock ?? Date.now;
  const config = checkpointConfig(options.checkpoint);
  const topics = await prepareTopics(kafka, {
    source: plan.source.topic,
    changelog: `${name}-changelog`,
    ...(options.lateTopic ? { late: options.lateTopic } : {}),
  });
  const store = new RedisCheckpointStore(options.redis, app, options.job);
  const checkpoints = new CheckpointCoordinator(store, config, clock, logger);
  const tasks = new Map<number, PartitionTask>();
  let restores = 0;

  const restore = async (partition: number, session: number): Promise<PartitionTask> => {
    tasks.delete(partition);
    const checkpoint = await store.load(partition);
    const replay = await readChangelog(kafka, topics.changelog, partition, checkpoint.changelogOffset ?? 0n);
    const task = job.createTask({ now: clock(), partitions: { [plan.source.id]: [partition] } });
    task.restore(
      (function* () {
        for (const entry of checkpoint.entries) yield decodeMutation(entry);
        for (const change of replay.changes) yield decodeMutation(change);
      })(),
    );
    checkpoints.restored(partition, checkpoint.changelogOffset, replay.end, replay.changes);
    restores++;
    logger?.info(
      {
        partition,
        session,
        checkpointEntries: checkpoint.entries.length,
        checkpointOffset: checkpoint.changelogOffset?.toString(),
        replayed: replay.changes.length,
        changelogEnd: replay.end.toString(),
      },
      'restored partition state',
    );
    const restored = new PartitionTask(partition, session, task);
    tasks.set(partition, restored);
    return restored;
  };

  const handler = async (batch: TransactionalBatch): Promise<TransactionalOutput[]> => {
    const { partition, session } = batch;
    let current = tasks.get(partition);
    if (!current?.isCurrent(session)) current = await restore(partition, session);
    const records: SourceRecord[] = [];
    const deadLetters: TransactionalOutput = { topic: options.deadLetterTopic ?? '', messages: [] };
    for (const message of batch.messages) {
      const decoded = decodeRecord(plan, batch.topic, partition, message);
      if (decoded.ok) records.push({ value: decoded.value, timestamp: Number(message.timestamp) });
      else if (options.deadLetterTopic) {
        deadLetters.messages.push(
          deadLetterMessage({ topic: batch.topic, partition }, message, decoded.error),
        );
      } else throw decoded.error;
    }
    const task = current;
    try {
      const { result, changes } = task.run((t) => t.process(plan.source.id, partition, records, clock()));
      const outputs = taskOutputs(plan, topics, partition, result, changes);
      return deadLetters.messages.length > 0 ? [...outputs, deadLetters] : outputs;
    } catch (error) {
      tasks.delete(partition);
      throw error;
    }
  };

  const tick = async ({ partition, session }: TransactionalSession): Promise<TransactionalOutput[]> => {
    const current = tasks.get(partition);
    if (!current?.isCurrent(session)) return [];
    try {
      const { result, changes } = current.run((task) => task.advanceTime(clock()));
      const outputs = taskOutputs(plan, topics, partition, result, changes);
      if (outputs.length === 0) current.nothingToCommit();
      return outputs;
    } catch (error) {
      tasks.delete(partition);
      throw error;
    }
  };

  const onCommitted = (commit: TransactionalCommit): void => {
    const current = tasks.get(commit.partition);
    if (!current || current.session !== commit.session) return;
    const changes = current.committed();
    // The changelog records of this partition are consecutive from the acknowledged base offset.
    const produced = commit.produced.find(
      (p) => p.topic === topics.changelog && p.partition === commit.partition,
    );
    const offset = produced && changes.length > 0 ? BigInt(produced.baseOffset) + BigInt(changes.length) : 0n;
    checkpoints.committed(commit.partition, offset, changes);
  };

  const onSessionClosed = ({ partition, session }: TransactionalSession): void => {
    if (tasks.get(partition)?.session !== session) return;
    tasks.delete(partition);
    // On revoke, what the session committed goes to Redis now, so the next owner replays less.
    checkpoints.release(partition).catch((error: unknown) => {
      logger?.warn({ err: error, partition }, 'final checkpoint of a revoked partition failed');
    });
  };

  const runner = await runTransactional({
    kafka,
    groupId: options.groupId ?? name,
    topics: [plan.source.topic],
    transactionalIdPrefix: options.transactionalIdPrefix ?? name,
    handler,
    onCommitted,
    onSessionClosed,
    tick: { intervalMs: options.tickIntervalMs ?? 1_000, handler: tick },
    fromBeginning: options.fromBeginning ?? true,
    ...(logger ? { logger } : {}),
    ...(options.partitionsConsumedConcurrently === undefined
      ? {}
      : { partitionsConsumedConcurrently: options.partitionsConsumedConcurrently }),
    ...(options.sessionTimeoutMs === undefined ? {} : { sessionTimeoutMs: options.sessionTimeoutMs }),
  });

  return {
    isReady: runner.isReady,
    stop: async () => {
      await runner.stop();
      await checkpoints.close();
    },
    stats: () => {
      const taskStats: Record<number, TaskStats> = {};
      for (const [partition, task] of tasks) taskStats[partition] = task.stats();
      return { tasks: taskStats, checkpoints: checkpoints.stats(), restores };
    },
    fencedPartitions: () => runner.fencedPartitions().map(({ partition }) => partition),
  };
}

type Decoded = { ok: true; value: unknown } | { ok: false; error: Error };

function decodeRecord(
  plan: KafkaJobPlan,
  topic: string,
  partition: number,
  message: ConsumedMessage,
): Decoded {
  const headers: Record<string, string> = {};
  for (const [header, raw] of Object.entries(message.headers ?? {})) {
    const first = Array.isArray(raw) ? raw[0] : raw;
    if (first !== undefined) headers[header] = first.toString();
  }
  const record: KafkaSourceRecord = {
    topic,
    partition,
    offset: message.offset,
    key: message.key ?? null,
    value: message.value ?? null,
    headers,
    timestamp: Number(message.timestamp),
  };
  try {
    return { ok: true, value: plan.source.decode(record) };
  } catch (error) {
    const cause = error instanceof Error ? error : new Error(String(error));
    return {
      ok: false,
      error: new StreamError(
        `record ${topic}/${partition}@${message.offset} could not be decoded: ${cause.message}`,
        {
          code: 'SOURCE_RECORD_UNDECODABLE',
          retriable: false,
          cause,
          context: { source: plan.source.id, partition },
        },
      ),
    };
  }
}
