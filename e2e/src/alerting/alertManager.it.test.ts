import type { AlertManagerOptions, AlertRule, ConsumedRecord } from '@streamforge/alerting';
import { AlertManager, alertFingerprint, parseRule } from '@streamforge/alerting';
import { migrate, startPostgres, uniqueName } from '@streamforge/testing';
import { Pool } from 'pg';
import { createRunDatabase } from '../stack/index.js';

const T0 = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;

/**
 * AlertManager on a real Postgres database, driven by an explicit clock: consumed offsets commit with
 * the step, rule evaluation state survives a restart, rule files are synced, one manager runs at a time,
 * and a step that fails to commit leaves no trace in memory.
 */
describe('AlertManager (real Postgres)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let pool: Pool;
  let now = T0;
  const opened: AlertManager[] = [];
  const position = (partition: number) => ({
    clusterId: 'test-cluster',
    consumerGroup: 'alert-manager-it',
    topic: 'metrics.aggregates',
    partition,
  });
  const open = async (fileRules: AlertRule[], extra: Partial<AlertManagerOptions> = {}) => {
    const manager = await AlertManager.open({ postgres: { pool }, fileRules, clock: () => now, ...extra });
    opened.push(manager);
    return manager;
  };
  const sample = (
    offset: number,
    metric: string,
    value: number,
    at: number,
    labels = { host: 'a' },
  ): ConsumedRecord => ({
    offset: String(offset),
    input: { kind: 'metric', sample: { metric, value, labels, at } },
  });
  const cpu = parseRule({
    id: 'cpu',
    kind: 'threshold',
    metric: 'cpu',
    op: '>',
    threshold: 90,
    for: '5m',
    severity: 'high',
  });
  const cpuFingerprint = alertFingerprint('cpu', { host: 'a', alertname: 'cpu' });

  beforeAll(async () => {
    const postgres = await startPostgres();
    database = await createRunDatabase(postgres.url, uniqueName('alert_manager').replace(/[^a-z0-9]/g, '_'));
    await migrate(database.url);
    pool = new Pool({ connectionString: database.url, max: 6 });
  });

  afterEach(async () => {
    for (const manager of opened.splice(0)) await manager.close();
  });

  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  it('applies consumed records once and keeps a pending `for` timer across a restart', async () => {
    let manager = await open([cpu]);
    now = T0;
    expect((await manager.processRecords(position(0), [sample(0, 'cpu', 95, T0)])).records).toBe(1);
    // Redelivered after a crash: Postgres has the offset, nothing is applied twice.
    expect((await manager.processRecords(position(0), [sample(0, 'cpu', 95, T0)])).records).toBe(0);
    const offsets = await pool.query<{ next_offset: string }>(
      `SELECT next_offset FROM consumer_offsets WHERE consumer_group = 'alert-manager-it' AND partition = 0`,
    );
    expect(offsets.rows).toEqual([{ next_offset: '1' }]);
    await manager.close();

    // A new process: the condition has held since T0, so five minutes later the alert fires.
    now = T0 + 5 * MINUTE;
    manager = await open([cpu]);
    const step = await manager.processRecords(position(0), [
      sample(0, 'cpu', 95, T0),
      sample(1, 'cpu', 96, T0 + 5 * MINUTE),
    ]);
    expect(step.records).toBe(1);
    expect(step.transitions.map((t) => [t.ruleId, t.from, t.to])).toEqual([['cpu', null, 'triggered']]);
    expect(manager.getAlert(cpuFingerprint)?.occurrences).toBe(1);
  });

  it('keeps an absence rule’s last-seen time across a restart', async () => {
    const quiet = parseRule({
      id: 'quiet',
      kind: 'absence',
      match: [{ name: 'source', value: 'pos' }],
      for: '1m',
      severity: 'medium',
    });
    now = T0 + 10 * MINUTE;
    let manager = await open([cpu, quiet]);
    await manager.processEvent({ kind: 'event', event: { labels: { source: 'pos' }, at: now } });
    await manager.close();
    now += 30_000;
    manager = await open([cpu, quiet]);
    now += 29_000;
    expect((await manager.tick()).transitions).toEqual([]);
    now += 1_000;
    expect((await manager.tick()).transitions.map((t) => [t.ruleId, t.to])).toEqual([['quiet', 'triggered']]);
  });

  it('syncs rule files: a rule no file has any more is removed and its firing alert resolves', async () => {
    now = T0 + 20 * MINUTE;
    let manager = await open([cpu]);
    expect(manager.getAlert(cpuFingerprint)?.status).toBe('triggered');
    await manager.close();
    manager = await open([]);
    expect(manager.getRules()).toEqual([]);
    const stored = await pool.query<{ status: string; resolved_by: string }>(
      `SELECT status, record->>'resolvedBy' AS resolved_by FROM alerts WHERE fingerprint = $1`,
      [cpuFingerprint],
    );
    expect(stored.rows).toEqual([{ status: 'resolved', resolved_by: 'auto' }]);
    expect((await pool.query(`SELECT 1 FROM alert_rules WHERE id = 'cpu'`)).rowCount).toBe(0);
    expect((await pool.query(`SELECT 1 FROM alert_evaluator_state WHERE rule = 'cpu'`)).rowCount).toBe(0);
  });

  it('lets one manager run at a time: a second one waits for the first to close', async () => {
    const first = await open([]);
    let secondOpen = false;
    const second = AlertManager.open({
      postgres: { pool },
      lockName: 'streamforge.alerting',
      clock: () => now,
    }).then((manager) => {
      secondOpen = true;
      opened.push(manager);
      return manager;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(secondOpen).toBe(false);
    await first.close();
    await second;
    expect(secondOpen).toBe(true);
  });

  it('forgets the in-memory effects of a step whose transaction failed', async () => {
    const disk = parseRule({
      id: 'disk',
      kind: 'threshold',
      metric: 'disk',
      op: '>',
      threshold: 90,
      severity: 'low',
    });
    now = T0 + 30 * MINUTE;
    const manager = await open([disk]);
    // Postgres jsonb refuses NUL characters: the alert's insert fails and the whole step rolls back.
    const poisoned = sample(0, 'disk', 99, now, { host: 'bad\u0000host' });
    await expect(manager.processRecords(position(1), [poisoned])).rejects.toThrow();
    expect(
      manager.getAlert(alertFingerprint('disk', { host: 'bad\u0000host', alertname: 'disk' })),
    ).toBeUndefined();
    const offsets = await pool.query(
      `SELECT 1 FROM consumer_offsets WHERE partition = 1 AND next_offset > 0`,
    );
    expect(offsets.rowCount).toBe(0);
    // The manager goes on from the last committed state.
    const step = await manager.processRecords(position(1), [{ offset: '0' }, sample(1, 'disk', 99, now)]);
    expect(step.records).toBe(2);
    expect(step.transitions.map((t) => t.to)).toEqual(['triggered']);
  });
});
