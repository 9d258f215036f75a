import { startKafka, startRedis, uniqueName, waitFor } from '@streamforge/testing';
import type { Admin, Kafka } from 'kafkajs';
import { quietKafka } from '../stream/windowJobHarness.js';
import { readCommitted } from '../kafka/transactional/readCommitted.js';
import { cepEvents } from './cepEvents.js';
import {
  type CepEngineProcess,
  type CepRunNames,
  createCepTopics,
  dlqOf,
  duplicates,
  oracleOutputs,
  produceInput,
  readOutputs,
  startCepEngine,
  waitUntilConsumed,
} from './cepEngineHarness.js';

const PARTITIONS = 6;

/**
 * Events on Kafka → the cep-engine service (built, a child process, the built-in detector files) →
 * cep.matches, cep.timeouts and cep.late read read_committed: exactly what a plain PatternMatcher run
 * per partition over the same events computes, and undecodable records in the dead-letter topic.
 */
describe('cep-engine on Kafka: matches equal the PatternMatcher oracle', () => {
  let kafka: Kafka;
  let admin: Admin;
  let brokers: string[];
  let redisUrl: string;
  let engine: CepEngineProcess | undefined;

  beforeAll(async () => {
    const [kafkaSettings, redisSettings] = await Promise.all([startKafka(), startRedis()]);
    brokers = kafkaSettings.brokers;
    redisUrl = redisSettings.url;
    kafka = quietKafka(brokers, uniqueName('cep-oracle'));
    admin = kafka.admin();
    await admin.connect();
  });
  afterAll(async () => {
    engine?.process.kill('SIGKILL');
    await admin?.disconnect();
  });

  it('commits each match, timeout and late event the oracle finds, once', async () => {
    const names: CepRunNames = {
      group: uniqueName('cep-oracle'),
      input: uniqueName('cep-oracle-in'),
      matches: uniqueName('cep-oracle-matches'),
      timeouts: uniqueName('cep-oracle-timeouts'),
      late: uniqueName('cep-oracle-late'),
    };
    await createCepTopics(admin, names, PARTITIONS);
    const events = cepEvents({
      seed: 6,
      events: 6_000,
      users: 24,
      // Recent: output records carry event times as timestamps, and the topics' 7-day retention
      // deletes records stamped older than that while the test runs.
      startTime: Date.now() - 90 * 60_000,
      meanGapMs: 400,
      lateShare: 0.01,
      latePositions: 40,
      namespace: `${names.group}-`,
    });
    const garbage = ['not json', '{"eventId":"x"}', ''];
    await produceInput(
      kafka,
      names.input,
      [...events.slice(0, 3_000), ...garbage, ...events.slice(3_000)],
      PARTITIONS,
    );

    const expected = oracleOutputs(events, PARTITIONS);
    const patternsMatched = new Set(expected.matches.map((match) => match.patternId));
    // Enough of every kind, from most detectors, or equality would prove little.
    expect(patternsMatched.size).toBeGreaterThanOrEqual(5);
    expect(expected.matches.length).toBeGreaterThan(200);
    expect(expected.timeouts.length).toBeGreaterThan(500);
    expect(expected.late.length).toBeGreaterThan(50);
    expect(duplicates(expected.matches.map((match) => match.matchId))).toEqual([]);

    const started = Date.now();
    engine = await startCepEngine(brokers, redisUrl, names);
    const running = engine;
    await waitFor(() => running.isReady(), {
      timeoutMs: 60_000,
      description: `cep-engine ready: ${running.output()}`,
    });
    await waitUntilConsumed(admin, names, 120_000).catch((error: unknown) => {
      throw new Error(`${String(error)}\ncep-engine output:\n${running.output().slice(-6_000)}`);
    });
    process.stdout.write(`cep-engine consumed ${events.length} events in ${Date.now() - started} ms\n`);
    running.process.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    engine = undefined;

    const actual = await readOutputs(kafka, names);
    expect(duplicates(actual.matches.map((match) => match.matchId))).toEqual([]);
    expect(actual.matches.length).toBe(expected.matches.length);
    expect(actual.matches).toEqual(expected.matches);
    expect(actual.timeouts).toEqual(expected.timeouts);
    expect(actual.late).toEqual(expected.late);
    const deadLetters = await readCommitted(kafka, dlqOf(names.input));
    expect(deadLetters.map((record) => record.value).sort()).toEqual([...garbage].sort());
  }, 300_000);
});
