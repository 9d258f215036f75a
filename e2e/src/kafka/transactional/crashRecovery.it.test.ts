import { createKafkaClient } from '@streamforge/kafka';
import { startKafka, uniqueName, waitFor } from '@streamforge/testing';
import type { Admin, Kafka } from 'kafkajs';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { produceNumbered } from './produceNumbered.js';
import { duplicatesAndGaps, readCommitted } from './readCommitted.js';

const RECORDS = 30_000;
const PARTITIONS = 6;
const KILLS = 6;
/** The group gives a killed run's partitions to the next run after this long without heartbeats. */
const SESSION_TIMEOUT_MS = 8_000;
const CHILD = join(__dirname, 'pipelineChild.js');

/** A running pipelineChild.js, with what it printed so far. */
interface Child {
  process: ChildProcess;
  batches: () => number;
  /** True once the child has joined the group and handles SIGTERM. */
  ready: () => boolean;
  exited: Promise<number | null>;
  stderrTail: () => string;
}

/**
 * A pipeline process SIGKILLed at random moments, several times, then let finish: its output, read
 * read_committed, holds every input record exactly once. Each restart waits for the group to drop
 * the dead member (the session timeout), so the test takes a minute or two.
 */
describe('runTransactional: crash recovery', () => {
  let kafka: Kafka;
  let admin: Admin;
  let brokers: string[];

  beforeAll(async () => {
    brokers = (await startKafka()).brokers;
    kafka = createKafkaClient({ brokers, clientId: uniqueName('tx-crash') });
    admin = kafka.admin();
    await admin.connect();
  });
  afterAll(() => admin.disconnect());

  it('outputs every input exactly once across SIGKILLs and restarts', async () => {
    const input = uniqueName('tx-crash-in');
    const output = uniqueName('tx-crash-out');
    const groupId = uniqueName('tx-crash-group');
    const prefix = uniqueName('tx-crash-tx');
    await admin.createTopics({
      topics: [
        { topic: input, numPartitions: PARTITIONS },
        { topic: output, numPartitions: PARTITIONS },
      ],
      waitForLeaders: true,
    });
    await produceNumbered(kafka, input, RECORDS, PARTITIONS, 2_000);
    // Everything the runs print, for tracing a failure back to the run and batch that caused it.
    const logPath = join(tmpdir(), `${input}.log`);
    const log = createWriteStream(logPath);
    process.stdout.write(`child output: ${logPath}\n`);
    let run = 0;

    const startChild = (): Child => {
      const child = spawn(process.execPath, [CHILD], {
        env: {
          ...process.env,
          BROKERS: brokers.join(','),
          INPUT: input,
          OUTPUT: output,
          GROUP: groupId,
          PREFIX: prefix,
          BATCH_DELAY_MS: '300',
          SESSION_TIMEOUT_MS: String(SESSION_TIMEOUT_MS),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let batches = 0;
      let ready = false;
      let stderr = '';
      const tag = `run ${++run} pid ${child.pid ?? '?'}`;
      log.write(`${tag} started at ${new Date().toISOString()}\n`);
      child.stdout?.on('data', (chunk: Buffer) => {
        log.write(`${tag} ${chunk.toString()}`);
        const lines = chunk.toString().split('\n');
        batches += lines.filter((line) => line.startsWith('batch ')).length;
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
      return { process: child, batches: () => batches, ready: () => ready, exited, stderrTail: () => stderr };
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

    const lagAtKill: number[] = [];
    let child: Child | undefined;
    try {
      for (let kill = 0; kill < KILLS; kill++) {
        const before = await committedTotal(groupId, input);
        child = startChild();
        const current = child;
        // Killed once the run has committed something and been handed a random number of batches more
        // (each transaction is held open a while by BATCH_DELAY_MS), not after a random time: a
        // time-based kill could let a run finish the input, leaving the next kill nothing to interrupt.
        const killAfter = PARTITIONS + 1 + Math.floor(Math.random() * PARTITIONS);
        await waitFor(
          async () =>
            current.process.exitCode !== null ||
            (current.batches() >= killAfter && (await committedTotal(groupId, input)) > before),
          { timeoutMs: 90_000, intervalMs: 20, description: `run ${kill + 1} of the pipeline to commit` },
        );
        if (current.process.exitCode !== null) throw new Error(`child exited early: ${current.stderrTail()}`);
        await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 300)));
        current.process.kill('SIGKILL');
        await exitWithin(current, 10_000);
        lagAtKill.push(RECORDS - (await committedTotal(groupId, input)));
        child = undefined;
      }

      child = startChild();
      const last = child;
      await waitFor(async () => (await committedTotal(groupId, input)) === RECORDS, {
        timeoutMs: 150_000,
        intervalMs: 500,
        description: 'the last run to commit every input offset',
      });
      // A SIGTERM before the child is up would meet node's default action, not the graceful stop.
      await waitFor(() => last.ready(), { timeoutMs: 90_000, description: 'the last run to be ready' });
      last.process.kill('SIGTERM');
      expect(await exitWithin(last, 30_000)).toBe(0);
      child = undefined;
    } finally {
      child?.process.kill('SIGKILL');
    }

    // The kills must have hit a pipeline with work left, or the test proves nothing.
    process.stdout.write(`records left uncommitted after each kill: ${lagAtKill.join(', ')}\n`);
    expect(lagAtKill.filter((lag) => lag > 0).length).toBeGreaterThanOrEqual(5);

    const records = await readCommitted(kafka, output, 120_000);
    const values = records.map((record) => record.value);
    const expected = Array.from({ length: RECORDS }, (_, n) => `out-${n}`);
    const { duplicates, gaps, unexpected } = duplicatesAndGaps(values, expected);
    for (const value of duplicates.slice(0, 5)) {
      const copies = records.filter((record) => record.value === value);
      process.stdout.write(
        `${value}: ${copies.map((c) => `${c.partition}:${c.offset} by ${c.writer ?? '?'}`).join('; ')}\n`,
      );
    }
    expect({
      duplicates: duplicates.slice(0, 20),
      gaps: gaps.slice(0, 20),
      unexpected: unexpected.slice(0, 20),
    }).toEqual({
      duplicates: [],
      gaps: [],
      unexpected: [],
    });
    expect(values).toHaveLength(RECORDS);
  }, 900_000);

  async function committedTotal(groupId: string, topic: string): Promise<number> {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return offsets?.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0) ?? 0;
  }
});
