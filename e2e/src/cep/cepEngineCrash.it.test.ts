import { startKafka, startRedis, uniqueName, waitFor } from '@streamforge/testing';
import type { Admin, Kafka } from 'kafkajs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quietKafka } from '../stream/windowJobHarness.js';
import { cepEvents } from './cepEvents.js';
import {
  type CepEngineProcess,
  type CepRunNames,
  committedOffsets,
  createCepTopics,
  duplicates,
  oracleOutputs,
  produceInput,
  readOutputs,
  startCepEngine,
  waitUntilConsumed,
} from './cepEngineHarness.js';

const PARTITIONS = 6;
const EVENTS = 12_000;
const KILLS = 6;

const total = (offsets: Map<number, number>) =>
  [...offsets.values()].reduce((sum, offset) => sum + offset, 0);

/**
 * The cep-engine service SIGKILLed at random moments mid-stream six times and restarted each time
 * (partial matches restored from the Redis checkpoint and the changelog), then let finish: what it
 * committed, read read_committed, is exactly what the oracle (= an uninterrupted run, see the oracle
 * test) finds: no match lost, none twice, including matches whose partial match spans a kill.
 */
describe('cep-engine on Kafka: crash recovery', () => {
  let kafka: Kafka;
  let admin: Admin;
  let brokers: string[];
  let redisUrl: string;
  let engine: CepEngineProcess | undefined;

  beforeAll(async () => {
    const [kafkaSettings, redisSettings] = await Promise.all([startKafka(), startRedis()]);
    brokers = kafkaSettings.brokers;
    redisUrl = redisSettings.url;
    kafka = quietKafka(brokers, uniqueName('cep-crash'));
    admin = kafka.admin();
    await admin.connect();
  });
  afterAll(async () => {
    engine?.process.kill('SIGKILL');
    await admin?.disconnect();
  });

  it('commits exactly the oracle matches across SIGKILLs and restarts', async () => {
    const names: CepRunNames = {
      group: uniqueName('cep-crash'),
      input: uniqueName('cep-crash-in'),
      matches: uniqueName('cep-crash-matches'),
      timeouts: uniqueName('cep-crash-timeouts'),
      late: uniqueName('cep-crash-late'),
    };
    await createCepTopics(admin, names, PARTITIONS);
    const events = cepEvents({
      seed: 61,
      events: EVENTS,
      users: 24,
      // Recent: output records carry event times as timestamps, and the topics' 7-day retention
      // deletes records stamped older than that while the test runs.
      startTime: Date.now() - 90 * 60_000,
      meanGapMs: 400,
      lateShare: 0.005,
      latePositions: 40,
      namespace: `${names.group}-`,
    });
    // Input arrives over ~60 s while the service runs and dies, so kills land between and inside
    // many small transactions, with partial matches open in every partition.
    const producing = produceInput(kafka, names.input, events, PARTITIONS, {
      chunk: EVENTS / 60,
      pauseMs: 1_000,
    });
    producing.catch(() => undefined);

    const logFile = join(tmpdir(), `${names.group}.log`);
    process.stdout.write(`cep-engine output: ${logFile}\n`);
    const committedAtKill: Array<Map<number, number>> = [];
    try {
      for (let kill = 0; kill < KILLS; kill++) {
        const before = total(await committedOffsets(admin, names));
        engine = await startCepEngine(brokers, redisUrl, names, {}, logFile);
        const current = engine;
        // Killed only once this run has committed something: each kill then hits a service with
        // restored state, open transactions and pending checkpoints.
        await waitFor(
          async () =>
            current.process.exitCode !== null || total(await committedOffsets(admin, names)) > before,
          { timeoutMs: 90_000, intervalMs: 50, description: `run ${kill + 1} of cep-engine to commit` },
        );
        if (current.process.exitCode !== null)
          throw new Error(`cep-engine exited early:\n${current.output().slice(-4_000)}`);
        await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 2_000)));
        current.process.kill('SIGKILL');
        await current.exited;
        committedAtKill.push(await committedOffsets(admin, names));
        engine = undefined;
      }
      await producing;
      engine = await startCepEngine(brokers, redisUrl, names, {}, logFile);
      const last = engine;
      await waitUntilConsumed(admin, names, 180_000).catch((error: unknown) => {
        throw new Error(`${String(error)}\ncep-engine output:\n${last.output().slice(-6_000)}`);
      });
      await waitFor(() => last.isReady(), { timeoutMs: 60_000, description: 'the last run to be ready' });
      last.process.kill('SIGTERM');
      expect(await last.exited).toBe(0);
      engine = undefined;
    } finally {
      engine?.process.kill('SIGKILL');
    }

    const positions = await producing;
    const end = (await admin.fetchTopicOffsets(names.input)).reduce((sum, p) => sum + Number(p.high), 0);
    const killedAt = committedAtKill.map(total);
    process.stdout.write(`input records committed at each kill: ${killedAt.join(', ')} of ${end}\n`);
    // The kills must have hit a service with work done and work left, or the test proves nothing.
    expect(killedAt.filter((committed) => committed > 0 && committed < end).length).toBeGreaterThanOrEqual(5);

    const expected = oracleOutputs(events, PARTITIONS);
    expect(expected.matches.length).toBeGreaterThan(300);
    // Matches whose first event was committed before a kill and whose last event after it: their
    // partial match lived through the crash in the restored state.
    const spanning = expected.matches.filter((match) => {
      const first = positions.get(match.events[0]?.eventId ?? '');
      const last = positions.get(match.events.at(-1)?.eventId ?? '');
      if (first === undefined || last === undefined) return false;
      return committedAtKill.some((committed) => {
        const at = committed.get(first.partition) ?? 0;
        return first.offset < at && last.offset >= at;
      });
    });
    process.stdout.write(`matches spanning a kill: ${spanning.length} of ${expected.matches.length}\n`);
    expect(spanning.length).toBeGreaterThan(10);

    const actual = await readOutputs(kafka, names);
    expect(duplicates(actual.matches.map((match) => match.matchId))).toEqual([]);
    expect(duplicates(actual.timeouts.map((timeout) => timeout.timeoutId))).toEqual([]);
    expect(actual.matches.length).toBe(expected.matches.length);
    expect(actual.matches).toEqual(expected.matches);
    expect(actual.timeouts).toEqual(expected.timeouts);
    expect(actual.late).toEqual(expected.late);
  }, 900_000);
});
