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

export async function createTopics(admin: Admin, topics: string[], partitions: number): Promise<void> {
  await admin.createTopics({
    topics: topics.map((topic) => ({ topic, numPartitions: partitions })),
    waitForLeaders: true,
  });
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
