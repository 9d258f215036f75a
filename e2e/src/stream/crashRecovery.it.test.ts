import { startKafka, startRedis, uniqueName, waitFor } from '@streamforge/testing';
import { Redis } from 'ioredis';
import type { Admin, Kafka } from 'kafkajs';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { produceWindowEvents, windowEvents } from './windowEvents.js';
import { WINDOW_JOB } from './windowJob.js';
import {
  committedInput,
  createTopics,
  inputEnd,
  quietKafka,
  startWindowJob,
  waitUntilConsumed,
} from './windowJobHarness.js';
import type { WindowRunNames } from './windowJobHarness.js';
import { finalWindows, readRun, windowDifferences } from './windowResults.js';
import type { CommittedRun } from './windowResults.js';

const PARTITIONS = 6;
const EVENTS = 60_000;
const KILLS = 6;
/** The group gives a killed run's partitions to the next run after this long without heartbeats. */
const SESSION_TIMEOUT_MS = 8_000;
const CHILD = join(__dirname, 'windowJobChild.js');

interface Child {
  process: ChildProcess;
  restored: () => number;
  ready: () => boolean;
  exited: Promise<number | null>;
  stderrTail: () => string;
}

/**
 * The window job as a child process, SIGKILLed at random moments six times and restarted each time
 * (state restored from Redis and the changelog), then let finish: what it committed, read
 * read_committed, is record for record what an uninterrupted run of the same job committed.
 */
describe('stream runtime on Kafka: crash recovery', () => {
  let kafka: Kafka;
  let admin: Admin;
  let redis: Redis;
  let brokers: string[];
  let redisUrl: string;

  beforeAll(async () => {
    const [kafkaSettings, redisSettings] = await Promise.all([startKafka(), startRedis()]);
    brokers = kafkaSettings.brokers;
    redisUrl = redisSettings.url;
    kafka = quietKafka(brokers, uniqueName('stream-crash'));
    admin = kafka.admin();
    await admin.connect();
    redis = new Redis(redisUrl);
  });
  afterAll(async () => {
    await admin?.disconnect();
    redis?.disconnect();
  });

  it('commits exactly what an uninterrupted run commits across SIGKILLs and restarts', async () => {
    const input = uniqueName('stream-crash-in');
    const events = windowEvents({
      seed: 77,
      events: EVENTS,
      keys: 600,
      partitions: PARTITIONS,
      stepMs: 20,
      boundMs: WINDOW_JOB.boundMs,
      delayedShare: 0.03,
      maxDelayMs: 120_000,
      gridShare: 0.3,
      gridMs: 1_000,
    });
    const reference: WindowRunNames = {
      app: uniqueName('stream-crash-ref'),
      input,
      output: uniqueName('stream-crash-ref-out'),
      late: uniqueName('stream-crash-ref-late'),
    };
    const crashing: WindowRunNames = {
      app: uniqueName('stream-crash-app'),
      input,
      output: uniqueName('stream-crash-out'),
      late: uniqueName('stream-crash-late'),
    };
    await createTopics(
      admin,
      [input, reference.output, reference.late, crashing.output, crashing.late],
      PARTITIONS,
    );
    // Input arrives over ~60 s while the job runs, so that batches are small and kills land between
    // and inside many transactions; the reference run later reads it all at once, in big batches.
    const producing = produceWindowEvents(kafka, input, events, PARTITIONS, {
      chunk: EVENTS / 60,
      onChunk: () => new Promise((resolve) => setTimeout(resolve, 1_000)),
    });
    producing.catch(() => undefined);

    const logPath = join(tmpdir(), `${crashing.app}.log`);
    const log = createWriteStream(logPath);
    process.stdout.write(`child output: ${logPath}\n`);
    let run = 0;
    const startChild = (): Child => {
      const child = spawn(process.execPath, [CHILD], {
        env: {
          ...process.env,
          BROKERS: brokers.join(','),
          REDIS_URL: redisUrl,
          APP: crashing.app,
          INPUT: input,
          OUTPUT: crashing.output,
          LATE: crashing.late,
          SESSION_TIMEOUT_MS: String(SESSION_TIMEOUT_MS),
          // Widens the moments in which a kill lands inside an open transaction.
          SLOW_EVERY: '50',
          SLOW_MS: '5',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let restored = 0;
      let ready = false;
      let stderr = '';
      const tag = `run ${++run} pid ${child.pid ?? '?'}`;
      log.write(`${tag} started at ${new Date().toISOString()}\n`);
      child.stdout?.on('data', (chunk: Buffer) => {
        log.write(`${tag} ${chunk.toString()}`);
        const lines = chunk.toString().split('\n');
        restored += lines.filter((line) => line.startsWith('restored ')).length;
        if (lines.includes('ready')) ready = true;
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        log.write(`${tag} ${chunk.toString()}`);
        stderr = (stderr + chunk.toString()).slice(-4_000);
      });
      const exited = new Promise<number | null>((resolve) =>
        child.once('exit', (code, signal) => {
          log.write(`${tag} exited (${code ?? signal ?? '?'}) at ${new Date().toISOString()}\n`);
          resolve(code);
        }),
      );
      return {
        process: child,
        restored: () => restored,
        ready: () => ready,
        exited,
        stderrTail: () => stderr,
      };
    };
    const exitWithin = async (child: Child, ms: number) => {
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms).unref());
      const result = await Promise.race([child.exited, timeout]);
      if (result === 'timeout') {
        child.process.kill('SIGKILL');
        throw new Error(`child did not exit within ${ms} ms; stderr: ${child.stderrTail()}`);
      }
      return result;
    };

    const committedAtKill: number[] = [];
    let child: Child | undefined;
    try {
      for (let kill = 0; kill < KILLS; kill++) {
        const before = await committedInput(admin, crashing);
        child = startChild();
        const current = child;
        // Killed only once this run has committed something: each kill then interrupts a job with
        // restored state, open transactions and, mostly, pending Redis checkpoints.
        await waitFor(
          async () =>
            current.process.exitCode !== null ||
            (current.restored() > 0 && (await committedInput(admin, crashing)) > before),
          { timeoutMs: 90_000, intervalMs: 50, description: `run ${kill + 1} of the job to commit` },
        );
        if (current.process.exitCode !== null) throw new Error(`child exited early: ${current.stderrTail()}`);
        await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 2_000)));
        current.process.kill('SIGKILL');
        await exitWithin(current, 10_000);
        committedAtKill.push(await committedInput(admin, crashing));
        child = undefined;
      }
      await producing;
      child = startChild();
      const last = child;
      await waitUntilConsumed(admin, crashing, 180_000);
      await waitFor(() => last.ready(), { timeoutMs: 90_000, description: 'the last run to be ready' });
      last.process.kill('SIGTERM');
      expect(await exitWithin(last, 30_000)).toBe(0);
      child = undefined;
    } finally {
      child?.process.kill('SIGKILL');
    }

    const end = await inputEnd(admin, input);
    process.stdout.write(`input records committed at each kill: ${committedAtKill.join(', ')} of ${end}\n`);
    // The kills must have hit a job with work done and work left, or the test proves nothing.
    expect(
      committedAtKill.filter((committed) => committed > 0 && committed < end).length,
    ).toBeGreaterThanOrEqual(5);

    const runner = await startWindowJob(kafka, redis, reference);
    try {
      await waitUntilConsumed(admin, reference, 120_000);
    } finally {
      await runner.stop();
    }
    const expected = await readRun(kafka, reference.output, reference.late);

    const actual: CommittedRun = await readRun(kafka, crashing.output, crashing.late);
    // The same final window results first (content), then the same records in the same order.
    expect(windowDifferences(finalWindows(actual), finalWindows(expected))).toEqual([]);
    expect(actual.outputCount).toBe(expected.outputCount);
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
  }, 900_000);
});
