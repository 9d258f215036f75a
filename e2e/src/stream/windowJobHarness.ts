import { createKafkaClient } from '@streamforge/kafka';
import { runKafkaJob } from '@streamforge/stream';
import type { KafkaJobRunner } from '@streamforge/stream';
import { waitFor } from '@streamforge/testing';
import type { Redis } from 'ioredis';
import type { Admin, Kafka } from 'kafkajs';
import { windowJob } from './windowJob.js';

/** A run's topics and names; every test makes its own (uniqueName), so runs never meet. */
export interface WindowRunNames {
  app: string;
  input: string;
  output: string;
  late: string;
}

export const JOB_NAME = 'windows';

export function quietKafka(brokers: string[], clientId: string): Kafka {
  // Rebalances and fencing make kafkajs log errors that are expected; the assertions say what matters.
  const quiet = () => undefined;
  return createKafkaClient({
    brokers,
    clientId,
    logger: { error: quiet, warn: quiet, info: quiet, debug: quiet },
  });
}

/**
 * Creates the run's topics without time retention. The window job stamps each result with its
 * window's end in event time, and the test events start at t = 1,000,000 ms, i.e. in January 1970: with
 * the broker's default retention (7 days, checked every 5 minutes) the check deletes every segment of
 * such a topic that holds only those records. The first commit marker (stamped with the broker's clock)
 * rolls a partition's first segment right after the first transaction, so a check that lands between
 * a run's first commit and the comparison silently removes that run's earliest window results (the
 * crash test saw the first tumbling window "missing" that way), or a whole log.
 *
 * Waits until a leader with the log answers for every partition: kafkajs' own `waitForLeaders` gives
 * up on the UNKNOWN_TOPIC_OR_PARTITION a loaded broker answers for a moment after the creation.
 */
export async function createTopics(admin: Admin, topics: string[], partitions: number): Promise<void> {
  await admin.createTopics({
    topics: topics.map((topic) => ({
      topic,
      numPartitions: partitions,
      configEntries: [{ name: 'retention.ms', value: '-1' }],
    })),
  });
  await waitFor(
    async () => {
      for (const topic of topics) {
        if ((await admin.fetchTopicOffsets(topic)).length !== partitions) return false;
      }
      return true;
    },
    { timeoutMs: 60_000, intervalMs: 100, description: `leaders for ${topics.join(', ')}` },
  );
}

/** Starts an instance of the window job in this process. */
export function startWindowJob(kafka: Kafka, redis: Redis, names: WindowRunNames): Promise<KafkaJobRunner> {
  return runKafkaJob(windowJob({ input: names.input, output: names.output }), {
    kafka,
    redis,
    app: names.app,
    job: JOB_NAME,
    lateTopic: names.late,
    checkpoint: { intervalMs: 1_000, timeoutMs: 10_000, minPauseMs: 200, maxConcurrent: 2, backend: 'redis' },
    tickIntervalMs: 500,
  });
}

/** Input offsets the run's group has committed, summed over partitions. */
export async function committedInput(admin: Admin, names: WindowRunNames): Promise<number> {
  const [offsets] = await admin.fetchOffsets({ groupId: `${names.app}-${JOB_NAME}`, topics: [names.input] });
  return offsets?.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0) ?? 0;
}

/** The input's end offsets, summed: what the group has committed once it has read everything. */
export async function inputEnd(admin: Admin, input: string): Promise<number> {
  return (await admin.fetchTopicOffsets(input)).reduce((sum, p) => sum + Number(p.high), 0);
}

export async function waitUntilConsumed(
  admin: Admin,
  names: WindowRunNames,
  timeoutMs: number,
): Promise<void> {
  const end = await inputEnd(admin, names.input);
  await waitFor(async () => (await committedInput(admin, names)) >= end, {
    timeoutMs,
    intervalMs: 250,
    description: `group ${names.app}-${JOB_NAME} to commit all ${end} input records`,
  });
}
