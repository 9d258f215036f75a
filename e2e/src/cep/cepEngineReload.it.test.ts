import type { StreamEvent } from '@streamforge/stream';
import { startKafka, startRedis, uniqueName, waitFor } from '@streamforge/testing';
import type { Admin, Kafka } from 'kafkajs';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quietKafka } from '../stream/windowJobHarness.js';
import * as cep from '@streamforge/cep';
import {
  type CepEngineProcess,
  type CepRunNames,
  createCepTopics,
  produceInput,
  readOutputs,
  startCepEngine,
  waitUntilConsumed,
} from './cepEngineHarness.js';

const PARTITIONS = 3;

interface ListedPattern {
  id: string;
  version: string;
}

/** A login followed by a transaction within 30 minutes; `name` varies to make a changed definition. */
const loginThenTransaction = (name: string) =>
  JSON.stringify({
    id: 'login-then-transaction',
    name,
    within: '30m',
    stages: [
      { name: 'login', where: { field: 'eventType', eq: 'login' } },
      { name: 'transaction', where: { field: 'eventType', eq: 'transaction' } },
    ],
  });

/**
 * Pattern files change while the cep-engine runs: a bad file is rejected and the running patterns stay;
 * then a file is added and one is edited. The reload needs no restart, the unchanged pattern keeps its
 * in-flight partial match (it completes on the next event), the edited one starts afresh.
 */
describe('cep-engine on Kafka: pattern reload', () => {
  let kafka: Kafka;
  let admin: Admin;
  let brokers: string[];
  let redisUrl: string;
  let engine: CepEngineProcess | undefined;

  beforeAll(async () => {
    const [kafkaSettings, redisSettings] = await Promise.all([startKafka(), startRedis()]);
    brokers = kafkaSettings.brokers;
    redisUrl = redisSettings.url;
    kafka = quietKafka(brokers, uniqueName('cep-reload'));
    admin = kafka.admin();
    await admin.connect();
  });
  afterAll(async () => {
    engine?.process.kill('SIGKILL');
    await admin?.disconnect();
  });

  it('reloads on change without a restart and keeps partial matches of unchanged patterns', async () => {
    const names: CepRunNames = {
      group: uniqueName('cep-reload'),
      input: uniqueName('cep-reload-in'),
      matches: uniqueName('cep-reload-matches'),
      timeouts: uniqueName('cep-reload-timeouts'),
      late: uniqueName('cep-reload-late'),
    };
    await createCepTopics(admin, names, PARTITIONS);
    const folder = mkdtempSync(join(tmpdir(), 'cep-reload-'));
    const builtIn = (file: string) => join(cep.BUILT_IN_PATTERNS_DIRECTORY, file);
    copyFileSync(builtIn('new-device-takeover.json'), join(folder, 'new-device-takeover.json'));
    writeFileSync(
      join(folder, 'login-then-transaction.json'),
      loginThenTransaction('Login then transaction'),
    );

    engine = await startCepEngine(brokers, redisUrl, names, {
      PATTERNS_DIR: folder,
      PATTERNS_RELOAD_DEBOUNCE_MS: '200',
    });
    const running = engine;
    await waitFor(() => running.isReady(), { timeoutMs: 60_000, description: 'cep-engine ready' });
    const listed = async (): Promise<ListedPattern[]> =>
      ((await (await fetch(`${running.url}/api/patterns`)).json()) as { patterns: ListedPattern[] }).patterns;
    const before = await listed();
    expect(before.map((pattern) => pattern.id)).toEqual(['login-then-transaction', 'new-device-takeover']);

    // Recent event times: output records are stamped with them, and retention deletes old ones.
    const t0 = Date.now() - 60 * 60_000;
    const event = (id: string, seconds: number, eventType: string, properties: Record<string, unknown>) =>
      ({
        eventId: `${names.group}-${id}`,
        eventType,
        userId: `${names.group}-u1`,
        timestamp: t0 + seconds * 1_000,
        properties,
        receivedAt: t0 + seconds * 1_000,
      }) satisfies StreamEvent;
    // Both patterns now hold a partial match of u1: new-device-takeover at (login, password change),
    // login-then-transaction at (login).
    await produceInput(
      kafka,
      names.input,
      [
        event('login', 0, 'login', { newDevice: true, success: true }),
        event('pw', 60, 'password_change', {}),
      ],
      PARTITIONS,
    );
    await waitUntilConsumed(admin, names, 60_000);

    // A broken file: the whole folder is rejected, and the running patterns stay.
    writeFileSync(
      join(folder, 'broken.json'),
      '{"id": "broken", "name": "b", "stages": [{"name": "a", "quantifier": 2}]}',
    );
    await waitFor(() => running.output().includes('pattern folder rejected'), {
      timeoutMs: 20_000,
      description: 'the bad file to be rejected',
    });
    expect(running.output()).toContain('broken.json: stages[0].quantifier: must be an object');
    expect(await listed()).toEqual(before);

    // Fixed by removing it; a pattern is added and one is edited.
    rmSync(join(folder, 'broken.json'));
    copyFileSync(builtIn('high-value-transaction.json'), join(folder, 'high-value-transaction.json'));
    writeFileSync(
      join(folder, 'login-then-transaction.json'),
      loginThenTransaction('Login, then a transaction'),
    );
    await waitFor(async () => (await listed()).length === 3, {
      timeoutMs: 20_000,
      description: 'the reload',
    });
    const after = new Map((await listed()).map((pattern) => [pattern.id, pattern.version]));
    const versionBefore = new Map(before.map((pattern) => [pattern.id, pattern.version]));
    expect(after.get('new-device-takeover')).toBe(versionBefore.get('new-device-takeover'));
    expect(after.get('login-then-transaction')).not.toBe(versionBefore.get('login-then-transaction'));

    await produceInput(kafka, names.input, [event('tx', 120, 'transaction', { amount: 5_000 })], PARTITIONS);
    await waitUntilConsumed(admin, names, 60_000);
    running.process.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    engine = undefined;

    const { matches } = await readOutputs(kafka, names);
    const short = (id: string) => id.slice(names.group.length + 1);
    expect(
      matches.map((match) => `${match.patternId}: ${match.events.map((e) => short(e.eventId)).join(' ')}`),
    ).toEqual(['high-value-transaction: tx', 'new-device-takeover: login pw tx']);
  }, 240_000);
});
