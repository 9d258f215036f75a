import { waitFor } from '@streamforge/testing';
import type { MatchRecord } from './support/AlertEngineRun.js';
import { AlertEngineRun, readTopicUntil } from './support/AlertEngineRun.js';
import type { RecordingReceiver } from './support/RecordingReceiver.js';
import { startRecordingReceiver } from './support/RecordingReceiver.js';

const WEBHOOK_SECRET = 'whsec-alert-engine-e2e-0123456789';
const SLACK_PATH = '/services/T000/B000/e2e-slack-token';

interface AlertEventRecord {
  transitionKey: string;
  rule: string;
  from: string | null;
  to: string;
  labels: Record<string, string>;
  header: string | undefined;
}

/**
 * The alert-engine as deployed: CEP matches and aggregates on Kafka become alerts in Postgres, grouped
 * and deduplicated notifications reach real loopback receivers (signed webhook, Slack, a pager), every
 * transition reaches alerts.events, and acknowledging through the API stops the escalation.
 */
describe('alert-engine: Kafka → Postgres → notification receivers', () => {
  let run: AlertEngineRun | undefined;
  const receivers: RecordingReceiver[] = [];

  afterAll(async () => {
    await run?.close();
    for (const receiver of receivers) await receiver.close();
  });

  it('groups, dedups, escalates until acknowledged, dead-letters and re-drives, and publishes every transition', async () => {
    const opsWebhook = await startRecordingReceiver({ secret: WEBHOOK_SECRET });
    const opsSlack = await startRecordingReceiver();
    const pager = await startRecordingReceiver({ secret: WEBHOOK_SECRET });
    // Answers 400 once: a rejected payload is dead-lettered at once, and the re-drive succeeds.
    const audit = await startRecordingReceiver({ secret: WEBHOOK_SECRET, statuses: [400] });
    receivers.push(opsWebhook, opsSlack, pager, audit);

    run = await AlertEngineRun.start({
      prefix: 'alert-engine',
      config: {
        routes: [
          {
            id: 'ops',
            channels: ['ops-webhook', 'ops-slack'],
            groupBy: ['alertname'],
            groupWait: '1s',
            groupInterval: '2s',
            repeatInterval: '1h',
          },
          { id: 'audit', channels: ['audit-hook'], groupWait: 0, groupInterval: '1s' },
        ],
        escalationPolicies: [
          {
            id: 'oncall',
            levels: [
              { delayMs: '3s', channels: ['pager'] },
              { delayMs: '3s', channels: ['pager'] },
            ],
          },
        ],
        channels: [
          { id: 'ops-webhook', type: 'webhook', url: `${opsWebhook.url}/alerts`, secret: WEBHOOK_SECRET },
          {
            id: 'ops-slack',
            type: 'slack',
            webhookUrl: `${opsSlack.url}${SLACK_PATH}`,
            ratePerSecond: 20,
            burst: 5,
          },
          { id: 'pager', type: 'webhook', url: `${pager.url}/page`, secret: WEBHOOK_SECRET },
          { id: 'audit-hook', type: 'webhook', url: `${audit.url}/audit`, secret: WEBHOOK_SECRET },
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
          resolveAfter: '10m',
          summary: 'fraud by {{key}}',
        },
        {
          id: 'latency',
          kind: 'threshold',
          metric: 'latency_p99',
          op: '>',
          threshold: 500,
          by: ['service'],
          severity: 'high',
          route: 'ops',
        },
      ],
    });
    const engine = run;
    const now = Date.now();
    const match = (matchId: string, key: string): MatchRecord => ({
      matchId,
      patternId: 'fraud',
      key,
      severity: 'critical',
      summary: `${matchId} for ${key}`,
      events: [{ eventId: `${matchId}-e1` }],
      matchedAt: now,
    });
    // u1 matches twice: one alert with two occurrences, not two alerts.
    await engine.produceMatches([match('m1', 'u1'), match('m2', 'u1'), match('m3', 'u2')]);
    await engine.produceAggregate({ metric: 'latency_p99', value: 900, labels: { service: 'api' }, at: now });

    const groupMessages = (receiver: RecordingReceiver, alertname: string) =>
      receiver
        .unique()
        .filter(
          (request) =>
            (request.body.groupLabels as Record<string, string> | undefined)?.alertname === alertname,
        );
    await waitFor(
      () => groupMessages(opsWebhook, 'fraud').length > 0 && groupMessages(opsWebhook, 'latency').length > 0,
      { timeoutMs: 30_000, intervalMs: 100, description: 'the first group notifications' },
    );

    // Alerts in Postgres: deduplicated by fingerprint.
    const stored = await engine.db.query<{
      rule: string;
      alert_key: string;
      status: string;
      occurrences: number;
    }>(
      `SELECT rule, alert_key, status, (record->>'occurrences')::int AS occurrences FROM alerts ORDER BY rule, alert_key`,
    );
    expect(stored.rows).toEqual([
      { rule: 'fraud', alert_key: 'u1', status: 'triggered', occurrences: 2 },
      { rule: 'fraud', alert_key: 'u2', status: 'triggered', occurrences: 1 },
      { rule: 'latency', alert_key: '', status: 'triggered', occurrences: 1 },
    ]);

    // Grouping: one signed webhook message carries both fraud alerts.
    const [fraudGroup] = groupMessages(opsWebhook, 'fraud');
    expect(fraudGroup?.signed).toBe(true);
    expect(fraudGroup?.body).toMatchObject({
      version: '1',
      kind: 'group',
      action: 'trigger',
      severity: 'critical',
    });
    const grouped = (fraudGroup?.body.alerts as Array<{ labels: Record<string, string> }>).map(
      (a) => a.labels.key,
    );
    expect(grouped.sort()).toEqual(['u1', 'u2']);
    // Slack got the same group as one message with one attachment per alert.
    await waitFor(() => opsSlack.unique().length >= 2, { timeoutMs: 10_000, description: 'Slack messages' });
    const slackFraud = opsSlack
      .unique()
      .find((request) => String(request.body.text).includes('alertname=fraud'));
    expect(slackFraud?.path).toBe(SLACK_PATH);
    expect(slackFraud?.body.attachments).toHaveLength(2);

    // Escalation: level 0 pages both fraud alerts.
    const pages = (key: string, level: number) =>
      pager.unique().filter((request) => {
        const alerts = request.body.alerts as Array<{ labels: Record<string, string> }>;
        return (
          request.body.kind === 'escalation' &&
          request.body.action === 'trigger' &&
          request.body.escalationLevel === level &&
          alerts[0]?.labels.key === key
        );
      });
    await waitFor(() => pages('u1', 0).length === 1 && pages('u2', 0).length === 1, {
      timeoutMs: 15_000,
      intervalMs: 50,
      description: 'escalation level 0 for both fraud alerts',
    });

    // Dedup across time: a group interval passed with nothing new, so the fraud group sent nothing more.
    expect(groupMessages(opsWebhook, 'fraud')).toHaveLength(1);

    // Acknowledge u2 through the API: without the key it is refused, a bad body names the field.
    const u2 = await engine.db.query<{ id: string }>(
      `SELECT id FROM alerts WHERE rule = 'fraud' AND alert_key = 'u2'`,
    );
    const u2Id = u2.rows[0]?.id as string;
    const ack = { action: 'acknowledge', by: 'alice', note: 'on it' };
    expect((await engine.api('PUT', `/api/alerts/${u2Id}`, ack, null)).status).toBe(401);
    expect((await engine.api('PUT', `/api/alerts/${u2Id}`, ack, 'wrong-key-wrong-key')).status).toBe(401);
    const badBody = await engine.api('PUT', `/api/alerts/${u2Id}`, { action: 'snooze', by: 'alice' });
    expect(badBody.status).toBe(400);
    expect((badBody.body.error as { fields: Array<{ field: string }> }).fields[0]?.field).toBe('action');
    const acked = await engine.api('PUT', `/api/alerts/${u2Id}`, ack);
    expect(acked.status).toBe(200);
    expect(acked.body.alert).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'alice' });

    // u1 climbs to level 1; u2 does not, and the pager hears u2's acknowledgement instead.
    await waitFor(() => pages('u1', 1).length === 1, {
      timeoutMs: 15_000,
      intervalMs: 50,
      description: 'escalation level 1 for u1',
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(pages('u2', 1)).toEqual([]);
    expect(
      pager
        .unique()
        .filter((request) => request.body.action === 'acknowledge')
        .map((request) => (request.body.alerts as Array<{ labels: Record<string, string> }>)[0]?.labels.key),
    ).toEqual(['u2']);
    expect(pager.requests.every((request) => request.signed)).toBe(true);

    // The alert with its history through the API.
    const detail = await engine.api('GET', `/api/alerts/${u2Id}`);
    expect(detail.status).toBe(200);
    expect(
      (detail.body.history as Array<{ to: string; actor: string | null; reason: string | null }>).map((h) => [
        h.to,
        h.actor,
        h.reason,
      ]),
    ).toEqual([
      ['triggered', null, null],
      ['acknowledged', 'alice', 'on it'],
    ]);
    expect((detail.body.alert as { details: { eventIds: string[] } }).details.eventIds).toEqual(['m3-e1']);
    const listed = await engine.api('GET', '/api/alerts?rule=fraud&status=acknowledged');
    expect((listed.body.alerts as Array<{ key: string }>).map((alert) => alert.key)).toEqual(['u2']);
    const paged = await engine.api('GET', '/api/alerts?limit=2');
    expect(paged.body.alerts).toHaveLength(2);
    expect(paged.body.page).toEqual({ limit: 2, offset: 0, nextOffset: 2 });

    // The condition clears: latency resolves and the group announces it once.
    await engine.produceAggregate({
      metric: 'latency_p99',
      value: 120,
      labels: { service: 'api' },
      at: now + 60_000,
    });
    await waitFor(
      () => groupMessages(opsWebhook, 'latency').some((request) => request.body.action === 'resolve'),
      { timeoutMs: 15_000, intervalMs: 100, description: 'the latency resolve notification' },
    );

    // The acknowledgement changed the fraud group: its next message shows u2 acknowledged, u1 firing.
    const statuses = (request: { body: Record<string, unknown> }) =>
      (request.body.alerts as Array<{ labels: Record<string, string>; status: string }>)
        .map((alert) => `${alert.labels.key}:${alert.status}`)
        .sort();
    expect(groupMessages(opsWebhook, 'fraud').map(statuses)).toEqual([
      ['u1:triggered', 'u2:triggered'],
      ['u1:triggered', 'u2:acknowledged'],
    ]);
    // Without a crash, no receiver saw any notification twice.
    expect(opsWebhook.requests).toHaveLength(opsWebhook.unique().length);
    expect(pager.requests).toHaveLength(pager.unique().length);

    // A rule created through the API routes to a channel whose receiver rejects the first delivery.
    const ruleBody = {
      id: 'disk',
      kind: 'threshold',
      metric: 'disk_used',
      op: '>',
      threshold: 90,
      severity: 'medium',
      route: 'audit',
    };
    expect((await engine.api('POST', '/api/rules', ruleBody, null)).status).toBe(401);
    const badRule = await engine.api('POST', '/api/rules', { ...ruleBody, escalationPolicy: 'nobody' });
    expect(badRule.status).toBe(400);
    expect((badRule.body.error as { fields: Array<{ field: string }> }).fields[0]?.field).toBe(
      'escalationPolicy',
    );
    expect((await engine.api('POST', '/api/rules', ruleBody)).status).toBe(201);
    expect((await engine.api('POST', '/api/rules', ruleBody)).status).toBe(409);
    expect((await engine.api('DELETE', '/api/rules/fraud')).status).toBe(409);
    const rules = await engine.api('GET', '/api/rules');
    expect((rules.body.rules as Array<{ id: string; source: string }>).map((r) => [r.id, r.source])).toEqual([
      ['disk', 'api'],
      ['fraud', 'file'],
      ['latency', 'file'],
    ]);
    await engine.produceAggregate({ metric: 'disk_used', value: 97, labels: { host: 'db1' }, at: now });
    let dead: Array<{ id: string; channel: string; lastError: string | null }> = [];
    await waitFor(
      async () => {
        dead = (await engine.api('GET', '/api/notifications/dead')).body.notifications as typeof dead;
        return dead.length === 1;
      },
      { timeoutMs: 15_000, intervalMs: 200, description: 'the rejected notification in the dead letters' },
    );
    expect(dead[0]).toMatchObject({ channel: 'audit-hook' });
    expect(dead[0]?.lastError).toContain('rejected');
    expect(dead[0]?.lastError).not.toContain(audit.url);
    expect((await engine.api('POST', `/api/notifications/${dead[0]?.id}/redrive`)).status).toBe(200);
    await waitFor(() => audit.requests.length === 2, {
      timeoutMs: 10_000,
      description: 'the re-driven delivery',
    });
    expect(new Set(audit.requests.map((request) => request.idempotencyKey)).size).toBe(1);
    expect((await engine.api('GET', '/api/notifications/dead')).body.notifications).toEqual([]);
    expect((await engine.api('DELETE', '/api/rules/disk')).status).toBe(204);

    // Silences through the API: create, list, expire.
    const created = await engine.api('POST', '/api/silences', {
      matchers: [{ name: 'alertname', value: 'latency' }],
      durationMs: 3_600_000,
      createdBy: 'bob',
      comment: 'maintenance',
    });
    expect(created.status).toBe(201);
    const silenceId = (created.body.silence as { id: string }).id;
    expect(
      ((await engine.api('GET', '/api/silences')).body.silences as Array<{ id: string }>).map((s) => s.id),
    ).toEqual([silenceId]);
    expect((await engine.api('DELETE', `/api/silences/${silenceId}`)).status).toBe(200);
    expect((await engine.api('GET', '/api/silences')).body.silences).toEqual([]);
    expect(
      ((await engine.api('GET', '/api/silences?state=expired')).body.silences as Array<{ id: string }>).map(
        (s) => s.id,
      ),
    ).toEqual([silenceId]);

    // alerts.events: every committed transition, keyed and labelled with its transition key.
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
    const expectedKeys = new Set(history.rows.map((row) => row.transition_key));
    const events = await readTopicUntil<AlertEventRecord>(
      engine.kafka,
      engine.topics.alertEvents,
      (value, headers) => ({
        ...(JSON.parse(String(value)) as Omit<AlertEventRecord, 'header'>),
        header: headers['streamforge-transition-key'],
      }),
      (records) => new Set(records.map((record) => record.transitionKey)).size >= expectedKeys.size,
    );
    expect(new Set(events.map((event) => event.transitionKey))).toEqual(expectedKeys);
    expect(events.every((event) => event.header === event.transitionKey)).toBe(true);
    expect(
      events
        .filter((event) => event.rule === 'fraud')
        .map((event) => `${event.labels.key}:${event.from ?? 'new'}>${event.to}`)
        .sort(),
    ).toEqual(['u1:new>triggered', 'u2:new>triggered', 'u2:triggered>acknowledged']);

    // Secrets stay out of the service's log.
    const log = engine.stack.log('alert-engine');
    expect(log).not.toContain(WEBHOOK_SECRET);
    expect(log).not.toContain(SLACK_PATH);
    expect(log).not.toContain('e2e-alert-engine-api-key');
  });
});
