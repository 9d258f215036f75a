import type { AlertSignal, ProcessorConfig } from '@streamforge/alerting';
import {
  AlertProcessor,
  alertFingerprint,
  parseProcessorConfig,
  parseRule,
  parseSilence,
  PostgresAlertStore,
} from '@streamforge/alerting';
import { startPostgres, uniqueName } from '@streamforge/testing';
import { Pool } from 'pg';

const MINUTE = 60_000;
/** Alert times are explicit; a fixed past base keeps them far from wall-clock defaults. */
const T0 = Date.UTC(2026, 0, 1);

describe('PostgresAlertStore (real Postgres)', () => {
  let pool: Pool;
  const rule = uniqueName('alert-store-rule');
  const route = uniqueName('alert-store-route');
  const silenceId = uniqueName('alert-store-silence');

  const config: ProcessorConfig = parseProcessorConfig({
    routes: [
      {
        id: route,
        channels: [`${route}-slack`],
        groupBy: ['service'],
        groupWait: '30s',
        groupInterval: '5m',
      },
    ],
    escalationPolicies: [
      {
        id: `${rule}-policy`,
        levels: [
          { delayMs: '5m', channels: [`${route}-sms`] },
          { delayMs: '10m', channels: [`${route}-pd`] },
        ],
      },
    ],
  });
  const ruleDefinition = parseRule({
    id: rule,
    kind: 'cep',
    patternId: 'fraud',
    severity: 'critical',
    route,
    escalationPolicy: `${rule}-policy`,
  });

  const signal = (key: string, state: AlertSignal['state'], at: number): AlertSignal => {
    const labels = { key, service: 'payments', alertname: rule };
    return {
      ruleId: rule,
      fingerprint: alertFingerprint(rule, labels),
      labels,
      severity: 'critical',
      summary: `fraud ${key}`,
      state,
      at,
    };
  };

  const processor = (state?: Awaited<ReturnType<PostgresAlertStore['load']>>) => {
    const alerts = new AlertProcessor(config, state);
    alerts.setRule(ruleDefinition);
    return alerts;
  };

  beforeAll(async () => {
    const postgres = await startPostgres({ database: 'streamforge_alerting_test' });
    pool = new Pool({ connectionString: postgres.url, max: 4 });
  });

  afterAll(async () => {
    await pool.query('DELETE FROM alerts WHERE rule = $1', [rule]);
    await pool.query('DELETE FROM alert_groups WHERE route_id = $1', [route]);
    await pool.query('DELETE FROM alert_silences WHERE id = $1', [silenceId]);
    await pool.query('DELETE FROM alert_rule_alert_times WHERE rule = $1', [rule]);
    await pool.query("DELETE FROM alert_notifications WHERE channel_id LIKE $1 || '-%'", [route]);
    await pool.end();
  });

  it('persists state, history, timers and the outbox, and a restarted processor continues on time', async () => {
    const store = new PostgresAlertStore(pool);
    const first = processor();
    const fired = signal('u1', 'firing', T0);
    const step1 = first.ingest([fired, signal('u2', 'firing', T0)], T0);
    await store.commit(step1);
    // The same step written twice (a crash between commit and acknowledging the input) changes nothing.
    await store.commit(step1);
    await store.commit(first.tick(T0 + 30_000));
    await store.commit(first.tick(T0 + 5 * MINUTE));
    await store.commit(
      first.acknowledge(signal('u2', 'firing', T0).fingerprint, 'alice', T0 + 6 * MINUTE, 'on it'),
    );

    const rows = await pool.query<{
      fingerprint: string;
      status: string;
      labels: Record<string, string>;
      acknowledged_by: string | null;
    }>('SELECT fingerprint, status, labels, acknowledged_by FROM alerts WHERE rule = $1 ORDER BY alert_key', [
      rule,
    ]);
    expect(rows.rows.map((row) => [row.labels.key, row.status, row.acknowledged_by])).toEqual([
      ['u1', 'triggered', null],
      ['u2', 'acknowledged', 'alice'],
    ]);
    expect((await store.history(fired.fingerprint)).map((t) => [t.from, t.to])).toEqual([
      [null, 'triggered'],
    ]);
    expect(
      (await store.history(signal('u2', 'firing', T0).fingerprint)).map((t) => [
        t.from,
        t.to,
        t.actor,
        t.reason,
      ]),
    ).toEqual([
      [null, 'triggered', null, null],
      ['triggered', 'acknowledged', 'alice', 'on it'],
    ]);
    const timers = await pool.query<{ fingerprint: string; next_level: number; due_at: Date }>(
      'SELECT e.fingerprint, e.next_level, e.due_at FROM alert_escalations e JOIN alerts a USING (fingerprint) WHERE a.rule = $1',
      [rule],
    );
    // u2 was acknowledged: its timer is gone. u1 waits for level 1, due 10 min after level 0.
    expect(timers.rows.map((row) => [row.fingerprint, row.next_level, row.due_at.getTime()])).toEqual([
      [fired.fingerprint, 1, T0 + 15 * MINUTE],
    ]);
    const outbox = await pool.query<{ channel_id: string; kind: string; action: string }>(
      "SELECT channel_id, kind, payload->>'action' AS action FROM alert_notifications WHERE channel_id LIKE $1 || '-%' ORDER BY id",
      [route],
    );
    expect(outbox.rows.map((row) => [row.channel_id, row.kind, row.action])).toEqual([
      [`${route}-slack`, 'group', 'trigger'],
      [`${route}-sms`, 'escalation', 'trigger'],
      [`${route}-sms`, 'escalation', 'trigger'],
      [`${route}-sms`, 'escalation', 'acknowledge'],
      // The group's interval was due at the acknowledge: it announces the new acknowledged member.
      [`${route}-slack`, 'group', 'trigger'],
    ]);

    // "Crash": a new processor from the store only. Level 1 for u1 is due at T0 + 15 min, exactly once.
    const restarted = processor(await store.load(T0 + 14 * MINUTE, config.retainResolved));
    expect(restarted.get(fired.fingerprint)?.escalation?.dueAt).toBe(T0 + 15 * MINUTE);
    const early = restarted.tick(T0 + 14 * MINUTE);
    expect(early.notifications.filter((n) => n.channel.startsWith(route))).toEqual([]);
    await store.commit(early);
    const due = restarted.tick(T0 + 15 * MINUTE);
    expect(
      due.notifications.filter((n) => n.channel.startsWith(route)).map((n) => [n.channel, n.escalationLevel]),
    ).toEqual([[`${route}-pd`, 1]]);
    await store.commit(due);
    await store.commit(due);
    const pages = await pool.query('SELECT 1 FROM alert_notifications WHERE channel_id = $1', [
      `${route}-pd`,
    ]);
    expect(pages.rowCount).toBe(1);
    expect(
      (await store.dueEscalations(T0 + 60 * MINUTE)).filter((t) => t.fingerprint === fired.fingerprint),
    ).toEqual([]);
  });

  it('keeps silences and group timers across a restart', async () => {
    const store = new PostgresAlertStore(pool);
    const base = T0 + 120 * MINUTE;
    const first = processor();
    const silence = parseSilence({
      id: silenceId,
      matchers: [{ name: 'key', value: 'u9' }],
      startsAt: base,
      endsAt: base + 10 * MINUTE,
      createdBy: 'ops',
    });
    await store.commit(first.addSilence(silence, base));
    const step = first.ingest([signal('u9', 'firing', base), signal('u8', 'firing', base)], base);
    await store.commit(step);
    expect(step.alerts.map((a) => [a.labels.key, a.status])).toEqual([
      ['u9', 'suppressed'],
      ['u8', 'triggered'],
    ]);

    const restarted = processor(await store.load(base + MINUTE, config.retainResolved));
    expect(restarted.get(signal('u9', 'firing', base).fingerprint)?.status).toBe('suppressed');
    const flush = restarted.tick(base + 30_000 + MINUTE);
    const group = flush.notifications.filter((n) => n.channel === `${route}-slack`);
    expect(group.map((n) => n.alerts.map((a) => a.labels.key))).toEqual([['u8']]);
    await store.commit(flush);
    const ended = restarted.expireSilence(silenceId, base + 2 * MINUTE);
    await store.commit(ended);
    expect(ended.transitions.map((t) => [t.from, t.to])).toEqual([['suppressed', 'triggered']]);
    const stored = await pool.query<{ ends_at: Date }>('SELECT ends_at FROM alert_silences WHERE id = $1', [
      silenceId,
    ]);
    expect(stored.rows[0]?.ends_at.getTime()).toBe(base + 2 * MINUTE);
  });
});
