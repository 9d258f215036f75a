import { startKafka, startRedis, uniqueName, waitFor } from '@streamforge/testing';
import type { KafkaJobRunner } from '@streamforge/stream';
import { Redis } from 'ioredis';
import type { Admin, Kafka } from 'kafkajs';
import { produceWindowEvents, windowEvents } from './windowEvents.js';
import { WINDOW_JOB } from './windowJob.js';
import {
  committedInput,
  createTopics,
  quietKafka,
  startWindowJob,
  waitUntilConsumed,
} from './windowJobHarness.js';
import type { WindowRunNames } from './windowJobHarness.js';
import { finalWindows, readRun, windowDifferences } from './windowResults.js';

const PARTITIONS = 6;
const EVENTS = 30_000;

/**
 * Instances of the window job join and leave while input keeps arriving (1 → 3 → 2, the last one
 * leaving gracefully): partitions move with their state (changelog + Redis), and what was committed
 * is record for record what one uninterrupted instance commits.
 */
describe('stream runtime on Kafka: rebalancing between instances', () => {
  let brokers: string[];
  let admin: Admin;
  let redis: Redis;

  beforeAll(async () => {
    const [kafkaSettings, redisSettings] = await Promise.all([startKafka(), startRedis()]);
    brokers = kafkaSettings.brokers;
    admin = quietKafka(brokers, uniqueName('stream-rebalance-admin')).admin();
    await admin.connect();
    redis = new Redis(redisSettings.url);
  });
  afterAll(async () => {
    await admin?.disconnect();
    redis?.disconnect();
  });

  it('changes no result while instances come and go (1 → 3 → 2)', async () => {
    const events = windowEvents({
      seed: 4_242,
      events: EVENTS,
      keys: 400,
      partitions: PARTITIONS,
      stepMs: 40,
      boundMs: WINDOW_JOB.boundMs,
      delayedShare: 0.03,
      maxDelayMs: 120_000,
      gridShare: 0.3,
      gridMs: 1_000,
    });
    const input = uniqueName('stream-rebalance-in');
    const names = (kind: string): WindowRunNames => ({
      app: uniqueName(`stream-rebalance-${kind}`),
      input,
      output: uniqueName(`stream-rebalance-${kind}-out`),
      late: uniqueName(`stream-rebalance-${kind}-late`),
    });
    const moving = names('moving');
    const reference = names('ref');
    await createTopics(
      admin,
      [input, moving.output, moving.late, reference.output, reference.late],
      PARTITIONS,
    );

    const restoresBy = new Map<string, number>();
    const running = new Map<string, KafkaJobRunner>();
    const start = async (name: string) => {
      // A client per instance, as separate processes would have: each is its own group member.
      running.set(
        name,
        await startWindowJob(quietKafka(brokers, uniqueName(`stream-rebalance-${name}`)), redis, moving),
      );
    };
    // Input arrives in 30 chunks over ~15 s, so that every rebalance lands amid batches.
    const producing = produceWindowEvents(
      quietKafka(brokers, uniqueName('producer')),
      input,
      events,
      PARTITIONS,
      {
        chunk: EVENTS / 30,
        onChunk: () => new Promise((resolve) => setTimeout(resolve, 500)),
      },
    );
    try {
      await start('a');
      await waitFor(async () => (await committedInput(admin, moving)) >= EVENTS / 10, {
        timeoutMs: 60_000,
        description: 'the single instance to commit a tenth of the input',
      });
      await start('b');
      await start('c');
      await waitFor(
        () => (running.get('b')?.stats().restores ?? 0) > 0 && (running.get('c')?.stats().restores ?? 0) > 0,
        { timeoutMs: 90_000, description: 'the two new instances to restore partitions handed to them' },
      );
      restoresBy.set('c', running.get('c')?.stats().restores ?? 0);
      await running.get('c')?.stop();
      running.delete('c');
      await producing;
      await waitUntilConsumed(admin, moving, 120_000);
      for (const [name, runner] of running) {
        restoresBy.set(name, runner.stats().restores);
        expect(runner.fencedPartitions()).toEqual([]);
      }
    } finally {
      await Promise.all([...running.values()].map((runner) => runner.stop()));
      await producing.catch(() => undefined);
    }
    process.stdout.write(`tasks restored per instance: ${JSON.stringify(Object.fromEntries(restoresBy))}\n`);
    // Partitions moved: b and c restored some, and a must have been handed back some of c's.
    expect([...restoresBy.values()].reduce((sum, n) => sum + n, 0)).toBeGreaterThan(PARTITIONS);

    const referenceRunner = await startWindowJob(
      quietKafka(brokers, uniqueName('stream-rebalance-ref')),
      redis,
      reference,
    );
    try {
      await waitUntilConsumed(admin, reference, 120_000);
    } finally {
      await referenceRunner.stop();
    }
    const kafka: Kafka = quietKafka(brokers, uniqueName('stream-rebalance-reader'));
    const [expected, actual] = await Promise.all([
      readRun(kafka, reference.output, reference.late),
      readRun(kafka, moving.output, moving.late),
    ]);
    // The same final window results first (content), then the same records in the same order.
    expect(windowDifferences(finalWindows(actual), finalWindows(expected))).toEqual([]);
    expect(actual.outputCount).toBe(expected.outputCount);
    expect(expected.outputCount).toBeGreaterThan(1_000);
    for (const [partition, values] of expected.outputByPartition) {
      const got = actual.outputByPartition.get(partition) ?? [];
      const firstDifference = values.findIndex((value, index) => got[index] !== value);
      expect({ partition, length: got.length, firstDifference }).toEqual({
        partition,
        length: values.length,
        firstDifference: -1,
      });
    }
    expect(actual.lateByPartition).toEqual(expected.lateByPartition);
  }, 600_000);
});
