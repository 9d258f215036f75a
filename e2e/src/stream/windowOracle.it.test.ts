import { startKafka, startPostgres, startRedis, uniqueName } from '@streamforge/testing';
import { Redis } from 'ioredis';
import type { Admin, Kafka } from 'kafkajs';
import { produceWindowEvents, windowEvents } from './windowEvents.js';
import type { PlacedEvent } from './windowEvents.js';
import { windowTruthInPostgres } from './windowOracleSql.js';
import type { WindowTruth } from './windowOracleSql.js';
import { WINDOW_JOB } from './windowJob.js';
import { createTopics, quietKafka, startWindowJob, waitUntilConsumed } from './windowJobHarness.js';
import type { WindowRunNames } from './windowJobHarness.js';
import { finalWindows, lateIds, readRun, windowDifferences } from './windowResults.js';
import type { CommittedRun } from './windowResults.js';

const PARTITIONS = 4;

/**
 * 200k out-of-order events over 1,000 keys through the Kafka runtime (transactions, changelog, Redis
 * checkpoints): the committed tumbling, sliding and session results equal Postgres' batch
 * computation of the same windows, the late topic holds exactly the events SQL finds too late, and
 * running again from the earliest offsets into fresh topics writes the same records.
 */
describe('stream runtime on Kafka: windows against a Postgres oracle, and replay', () => {
  let kafka: Kafka;
  let admin: Admin;
  let redis: Redis;
  let postgresUrl: string;
  let events: PlacedEvent[];
  let input: string;
  let first: CommittedRun | undefined;

  beforeAll(async () => {
    const [{ brokers }, redisSettings, postgres] = await Promise.all([
      startKafka(),
      startRedis(),
      startPostgres(),
    ]);
    kafka = quietKafka(brokers, uniqueName('stream-oracle'));
    admin = kafka.admin();
    await admin.connect();
    redis = new Redis(redisSettings.url);
    postgresUrl = postgres.url;
    events = windowEvents({
      seed: 20_261_123,
      events: 200_000,
      keys: 1_000,
      partitions: PARTITIONS,
      stepMs: 10,
      boundMs: WINDOW_JOB.boundMs,
      delayedShare: 0.03,
      maxDelayMs: 120_000,
      gridShare: 0.3,
      gridMs: 1_000,
    });
    input = uniqueName('stream-oracle-in');
    await createTopics(admin, [input], PARTITIONS);
    await produceWindowEvents(kafka, input, events, PARTITIONS);
  });
  afterAll(async () => {
    await admin?.disconnect();
    redis?.disconnect();
  });

  const run = async (): Promise<CommittedRun> => {
    const names: WindowRunNames = {
      app: uniqueName('stream-oracle-app'),
      input,
      output: uniqueName('stream-oracle-out'),
      late: uniqueName('stream-oracle-late'),
    };
    await createTopics(admin, [names.output, names.late], PARTITIONS);
    const runner = await startWindowJob(kafka, redis, names);
    try {
      await waitUntilConsumed(admin, names, 150_000);
      expect(runner.fencedPartitions()).toEqual([]);
    } finally {
      await runner.stop();
    }
    return readRun(kafka, names.output, names.late);
  };

  it('equals the SQL batch computation, and the late topic holds exactly the late events', async () => {
    const [truth, committed] = await Promise.all([windowTruthInPostgres(postgresUrl, events), run()]);
    first = committed;
    const streamed = finalWindows(committed);
    process.stdout.write(
      `windows: ${truth.windows.size}; output records: ${committed.outputCount}; late: ${Object.entries(
        truth.late,
      )
        .map(([op, ids]) => `${op} ${ids.length}`)
        .join(', ')}\n`,
    );
    // The data must exercise what is claimed: late events of every kind, many windows.
    for (const ids of Object.values(truth.late)) expect(ids.length).toBeGreaterThan(100);
    expect(truth.windows.size).toBeGreaterThan(50_000);
    expect(windowDifferences(streamed, truth.windows)).toEqual([]);
    expect(streamed.size).toBe(truth.windows.size);
    const late: WindowTruth['late'] = lateIds(committed);
    expect(late).toEqual(truth.late);
  }, 300_000);

  it('writes byte-identical records when run again from the earliest offsets into fresh topics', async () => {
    if (!first) throw new Error('the first run did not complete');
    const second = await run();
    expect(second.outputCount).toBe(first.outputCount);
    expect([...second.outputByPartition.keys()].sort()).toEqual([...first.outputByPartition.keys()].sort());
    for (const [partition, values] of first.outputByPartition) {
      expect({ partition, values: second.outputByPartition.get(partition) }).toEqual({ partition, values });
    }
    expect(second.lateByPartition).toEqual(first.lateByPartition);
  }, 300_000);
});
