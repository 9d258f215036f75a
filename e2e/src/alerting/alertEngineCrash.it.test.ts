import { waitFor } from '@streamforge/testing';
import type { MatchRecord } from './support/AlertEngineRun.js';
import { AlertEngineRun, readTopicUntil } from './support/AlertEngineRun.js';
import type { ReceivedNotification, RecordingReceiver } from './support/RecordingReceiver.js';
import { startRecordingReceiver } from './support/RecordingReceiver.js';

const SECRET = 'whsec-alert-engine-crash-0123456789';
const LEVEL_DELAY_MS = 3_000;

/** The pager's view of an escalation page: which alert key, which level. */
function page(request: ReceivedNotification): { key: string; level: number; action: string } | undefined {
  if (request.body.kind !== 'escalation') return undefined;
  const alerts = request.body.alerts as Array<{ labels: Record<string, string> }>;
  return {
    key: alerts[0]?.labels.key ?? '',
    level: Number(request.body.escalationLevel ?? -1),
    action: String(request.body.action),
  };
}

/**
 * kill -9 of the alert-engine in the middle of an escalation, with input arriving while it is down:
 * after the restart the overdue level is paged at once, the next one on time, the input is applied
 * once, and every notification reaches its receiver under exactly one idempotency key — none lost.
 */
describe('alert-engine: SIGKILL mid-escalation', () => {
  let run: AlertEngineRun | undefined;
  const receivers: RecordingReceiver[] = [];

  afterAll(async () => {
    await run?.close();
    for (const receiver of receivers) await receiver.close();
  });

  it('continues the escalation from Postgres and delivers every notification once per key', async () => {
    const ops = await startRecordingReceiver({ secret: SECRET });
    const pager = await startRecordingReceiver({ secret: SECRET });
    receivers.push(ops, pager);
    run = await AlertEngineRun.start({
      prefix: 'alert-crash',
      config: {
        routes: [
          { id: 'ops', channels: ['ops'], groupBy: ['alertname'], groupWait: '1s', groupInterval: '2s' },
        ],
        escalationPolicies: [
          {
            id: 'oncall',
            levels: [0, 1, 2].map(() => ({ delayMs: LEVEL_DELAY_MS, channels: ['pager'] })),
          },
        ],
        channels: [
          { id: 'ops', type: 'webhook', url: `${ops.url}/ops`, secret: SECRET },
          { id: 'pager', type: 'webhook', url: `${pager.url}/page`, secret: SECRET },
        ],
      },
      rules: [
        {
          id: 'fraud',
          kind: 'cep',
          patternId: 'fraud',
          severity: 'critical',
          route: 'ops',
          escalationPolicy: 'oncall',
          resolveAfter: '1h',
        },
      ],
    });
    const engine = run;
    const match = (matchId: string, key: string): MatchRecord => ({
      matchId,
      patternId: 'fraud',
      key,
      severity: 'critical',
      summary: matchId,
      events: [{ eventId: `${matchId}-e` }],
      matchedAt: Date.now(),
    });
    const pagesOf = (key: string, level: number) =>
      pager.unique().filter((request) => {
        const seen = page(request);
        return seen?.action === 'trigger' && seen.key === key && seen.level === level;
      });

    await engine.produceMatches([match('m1', 'u1')]);
    await waitFor(() => pagesOf('u1', 0).length > 0, {
      timeoutMs: 20_000,
      intervalMs: 20,
      description: 'escalation level 0 for u1',
    });
    expect(await engine.stack.kill('alert-engine', 'SIGKILL')).toBeNull();

    // While it is down: a repeat match for u1 (dedup) and a new alert for u2.
    await engine.produceMatches([match('m2', 'u1'), match('m3', 'u2')]);
    const triggeredAt = async (key: string): Promise<number> => {
      const result = await engine.db.query<{ at: Date }>(
        `SELECT h.at FROM alert_history h JOIN alerts a USING (fingerprint)
         WHERE a.alert_key = $1 AND h.to_status = 'triggered'`,
        [key],
      );
      expect(result.rows).toHaveLength(1);
      return (result.rows[0] as { at: Date }).at.getTime();
    };
    const u1Triggered = await triggeredAt('u1');
    const dueAt = (level: number) => u1Triggered + (level + 1) * LEVEL_DELAY_MS;
    // Stay down until level 1 is overdue.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, dueAt(1) + 300 - Date.now())));
    expect(pagesOf('u1', 1)).toEqual([]);
    await engine.stack.restart('alert-engine');

    await waitFor(() => pagesOf('u1', 2).length > 0, {
      timeoutMs: 20_000,
      intervalMs: 20,
      description: 'escalation level 2 for u1',
    });
    // The overdue level went out after the restart; the next one on its own due time.
    const level1 = pagesOf('u1', 1)[0] as ReceivedNotification;
    const level2 = pagesOf('u1', 2)[0] as ReceivedNotification;
    expect(level1.receivedAt).toBeGreaterThanOrEqual(dueAt(1));
    expect(level2.receivedAt).toBeGreaterThanOrEqual(dueAt(2));
    expect(level2.receivedAt - dueAt(2)).toBeLessThan(2_500);

    // The match for u2 consumed after the restart escalates too; acknowledging it stops it.
    await waitFor(() => pagesOf('u2', 0).length > 0, {
      timeoutMs: 20_000,
      intervalMs: 50,
      description: 'escalation level 0 for u2',
    });
    const u2 = await engine.db.query<{ id: string }>(`SELECT id FROM alerts WHERE alert_key = 'u2'`);
    const acked = await engine.api('PUT', `/api/alerts/${u2.rows[0]?.id}`, {
      action: 'acknowledge',
      by: 'oncall',
    });
    expect(acked.status).toBe(200);

    // The group's last news: u2 acknowledged. After it nothing changes, so nothing more is sent.
    await waitFor(
      () =>
        ops
          .unique()
          .some((request) =>
            (request.body.alerts as Array<{ labels: Record<string, string>; status: string }>).some(
              (alert) => alert.labels.key === 'u2' && alert.status === 'acknowledged',
            ),
          ),
      { timeoutMs: 10_000, description: 'the group notification with u2 acknowledged' },
    );

    // Everything the outbox holds gets delivered; nothing is left pending or dead.
    const outboxStates = async () =>
      (
        await engine.db.query<{ idempotency_key: string; channel_id: string; state: string }>(
          'SELECT idempotency_key, channel_id, state FROM alert_notifications',
        )
      ).rows;
    await waitFor(async () => (await outboxStates()).every((row) => row.state === 'delivered'), {
      timeoutMs: 20_000,
      intervalMs: 100,
      description: 'every notification delivered',
    });
    await waitFor(() => pager.unique().some((request) => page(request)?.action === 'acknowledge'), {
      timeoutMs: 10_000,
      description: 'the acknowledgement page for u2',
    });
    const rows = await outboxStates();
    expect(rows.every((row) => row.state === 'delivered')).toBe(true);

    // Input applied once across the crash: two alerts, one trigger each, the repeat counted once.
    const alerts = await engine.db.query<{ alert_key: string; occurrences: number; triggers: number }>(
      `SELECT a.alert_key, (a.record->>'occurrences')::int AS occurrences,
         (SELECT count(*)::int FROM alert_history h WHERE h.fingerprint = a.fingerprint AND h.to_status = 'triggered') AS triggers
       FROM alerts a ORDER BY a.alert_key`,
    );
    expect(alerts.rows).toEqual([
      { alert_key: 'u1', occurrences: 2, triggers: 1 },
      { alert_key: 'u2', occurrences: 1, triggers: 1 },
    ]);

    // Exactly once per idempotency key: the receivers' distinct keys are the outbox's keys, no more, no
    // fewer; a repeat (a delivery cut off by the kill) carries a key already seen.
    for (const [receiver, channel] of [
      [pager, 'pager'],
      [ops, 'ops'],
    ] as const) {
      const outboxKeys = rows.filter((row) => row.channel_id === channel).map((row) => row.idempotency_key);
      expect(
        receiver
          .unique()
          .map((request) => request.idempotencyKey)
          .sort(),
      ).toEqual([...outboxKeys].sort());
      expect(receiver.requests.every((request) => request.signed)).toBe(true);
    }
    // Each page was decided once: one key per alert and level, levels 0-2 for u1, none twice.
    const pageKeys = new Map<string, Set<string>>();
    for (const request of pager.unique()) {
      const seen = page(request);
      if (seen?.action !== 'trigger') continue;
      const name = `${seen.key}:${seen.level}`;
      pageKeys.set(name, (pageKeys.get(name) ?? new Set()).add(request.idempotencyKey));
    }
    expect([...pageKeys.keys()].filter((name) => name.startsWith('u1:')).sort()).toEqual([
      'u1:0',
      'u1:1',
      'u1:2',
    ]);
    expect([...pageKeys.values()].every((keys) => keys.size === 1)).toBe(true);

    // Two lifetimes of the service: the state was loaded from Postgres again after the kill.
    expect(engine.stack.log('alert-engine').match(/"msg":"alert state loaded"/g)).toHaveLength(2);

    // alerts.events got every committed transition (at least once, each under its transition key).
    await waitFor(
      async () =>
        Number(
          (
            await engine.db.query<{ n: string }>(
              'SELECT count(*) AS n FROM alert_history WHERE published_at IS NULL',
            )
          ).rows[0]?.n,
        ) === 0,
      { timeoutMs: 10_000, description: 'every transition published' },
    );
    const history = await engine.db.query<{ transition_key: string }>(
      'SELECT transition_key FROM alert_history',
    );
    const expected = new Set(history.rows.map((row) => row.transition_key));
    const events = await readTopicUntil(
      engine.kafka,
      engine.topics.alertEvents,
      (value) => (JSON.parse(String(value)) as { transitionKey: string }).transitionKey,
      (keys) => new Set(keys).size >= expected.size,
    );
    expect(new Set(events)).toEqual(expected);
  });
});
