import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AlertingLogger, Notification, ProcessorOutput } from '@streamforge/alerting';
import {
  backoffDelay,
  OutboxDispatcher,
  PostgresAlertStore,
  PostgresOutbox,
  SlackChannel,
  WebhookChannel,
  verifyWebhookSignature,
} from '@streamforge/alerting';
import { startPostgres, uniqueName, waitFor } from '@streamforge/testing';
import { Pool } from 'pg';

const WEBHOOK_SECRET = 'whsec-outbox-test-0123456789';
const SLACK_PATH = '/services/T00000000/B00000000/SECRETSECRETSECRET';

/** A loopback receiver that answers `failures` times with `failStatus`, then 200, and verifies signatures. */
async function startReceiver(failures: number, failStatus = 503) {
  const seen: Array<{ key: string; signed: boolean }> = [];
  let remaining = failures;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const signed = verifyWebhookSignature(
        WEBHOOK_SECRET,
        req.headers['x-streamforge-signature'] as string | undefined,
        req.headers['x-streamforge-timestamp'] as string | undefined,
        body,
        { now: Date.now() },
      );
      seen.push({ key: String(req.headers['idempotency-key']), signed });
      const failing = remaining === Infinity || remaining > 0;
      if (failing) remaining -= 1;
      res.statusCode = failing ? failStatus : 200;
      res.end(failing ? `failing at ${SLACK_PATH}` : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

function notification(channel: string, key: string, createdAt: number): Notification {
  return {
    idempotencyKey: key,
    channel,
    kind: 'group',
    action: 'trigger',
    dedupKey: 'g',
    title: '[FIRING:1] outbox test',
    severity: 'high',
    groupLabels: {},
    alerts: [],
    createdAt,
  };
}

function outputWith(notifications: Notification[]): ProcessorOutput {
  return {
    transitions: [],
    notifications,
    alerts: [],
    forgottenAlerts: [],
    groups: [],
    removedGroups: [],
    silences: [],
    ruleAlertTimes: {},
  };
}

/** Captures log lines as text, as a JSON logger would write them. */
function capturingLogger(lines: string[]): AlertingLogger {
  const write = (fields: Record<string, unknown>, message: string) =>
    lines.push(JSON.stringify({ ...fields, message }));
  return { info: write, warn: write, error: write };
}

describe('OutboxDispatcher over a Postgres outbox and real HTTP receivers', () => {
  let pool: Pool;
  let store: PostgresAlertStore;
  let outbox: PostgresOutbox;
  const prefix = uniqueName('outbox');

  beforeAll(async () => {
    const postgres = await startPostgres({ database: 'streamforge_alerting_test' });
    pool = new Pool({ connectionString: postgres.url, max: 4 });
    store = new PostgresAlertStore(pool);
    outbox = new PostgresOutbox(pool);
  });

  afterAll(async () => {
    await pool.query("DELETE FROM alert_notifications WHERE channel_id LIKE $1 || '%'", [prefix]);
    await pool.end();
  });

  it('retries with backoff until a failing receiver recovers, with one idempotency key throughout', async () => {
    const receiver = await startReceiver(2);
    const channelId = `${prefix}-webhook-retry`;
    const key = `${prefix}-k1`;
    try {
      await store.commit(outputWith([notification(channelId, key, Date.now())]));
      await store.commit(outputWith([notification(channelId, key, Date.now())]));
      const dispatcher = new OutboxDispatcher({
        outbox,
        channels: [
          new WebhookChannel({ id: channelId, url: `${receiver.url}/hook`, secret: WEBHOOK_SECRET }),
        ],
        maxAttempts: 5,
        backoff: { initialMs: 50, maxMs: 1_000, multiplier: 2, jitter: 0.5 },
      });
      const first = await dispatcher.dispatchDue();
      expect(first).toEqual({ delivered: 0, retried: 1, dead: 0, deferred: 0 });
      const afterFirst = await outbox.get(key);
      expect(afterFirst?.attempts).toBe(1);
      expect(afterFirst?.lastError).toBe(
        `${channelId}: server_error: HTTP 503: failing at /services/T00000000/B00000000/SECRETSECRETSECRET`,
      );
      await waitFor(
        async () => (await dispatcher.dispatchDue(), (await outbox.get(key))?.state === 'delivered'),
        {
          timeoutMs: 10_000,
          intervalMs: 25,
        },
      );
      expect(await outbox.get(key)).toMatchObject({ state: 'delivered', attempts: 3 });
      expect(receiver.seen).toEqual([
        { key, signed: true },
        { key, signed: true },
        { key, signed: true },
      ]);
    } finally {
      await receiver.close();
    }
  });

  it('schedules each retry by exponential backoff with jitter', async () => {
    const receiver = await startReceiver(Infinity);
    const channelId = `${prefix}-webhook-backoff`;
    const key = `${prefix}-k2`;
    let now = Date.now();
    const backoff = { initialMs: 1_000, maxMs: 60_000, multiplier: 3, jitter: 0.5 };
    try {
      await store.commit(outputWith([notification(channelId, key, now)]));
      const dispatcher = new OutboxDispatcher({
        outbox,
        channels: [new WebhookChannel({ id: channelId, url: receiver.url, secret: WEBHOOK_SECRET })],
        maxAttempts: 10,
        backoff,
        clock: () => now,
        random: () => 0.25,
      });
      const delays: number[] = [];
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        await dispatcher.dispatchDue();
        const entry = await outbox.get(key);
        delays.push((entry?.nextAttemptAt ?? 0) - now);
        now = entry?.nextAttemptAt ?? now;
      }
      // 1000·3^(n-1), half of it randomised by 0.25: 625, 1875, 5625.
      expect(delays).toEqual([625, 1_875, 5_625]);
      expect(delays).toEqual([1, 2, 3].map((attempt) => backoffDelay(attempt, backoff, () => 0.25)));
    } finally {
      await receiver.close();
    }
  });

  it('dead-letters after the last attempt (and at once when not retriable), secrets kept out', async () => {
    const receiver = await startReceiver(Infinity, 500);
    const rejecting = await startReceiver(Infinity, 400);
    const channelId = `${prefix}-slack-dead`;
    const rejectedChannel = `${prefix}-slack-rejected`;
    const key = `${prefix}-k3`;
    const rejectedKey = `${prefix}-k4`;
    const lines: string[] = [];
    let now = Date.now();
    try {
      await store.commit(
        outputWith([notification(channelId, key, now), notification(rejectedChannel, rejectedKey, now)]),
      );
      const dispatcher = new OutboxDispatcher({
        outbox,
        channels: [
          new SlackChannel({ id: channelId, webhookUrl: `${receiver.url}${SLACK_PATH}` }),
          new SlackChannel({ id: rejectedChannel, webhookUrl: `${rejecting.url}${SLACK_PATH}` }),
        ],
        maxAttempts: 3,
        backoff: { initialMs: 100, maxMs: 100, multiplier: 1, jitter: 0 },
        clock: () => now,
        logger: capturingLogger(lines),
      });
      const reports = [];
      for (let pass = 0; pass < 4; pass += 1) {
        reports.push(await dispatcher.dispatchDue());
        now += 100;
      }
      expect(reports).toEqual([
        { delivered: 0, retried: 1, dead: 1, deferred: 0 },
        { delivered: 0, retried: 1, dead: 0, deferred: 0 },
        { delivered: 0, retried: 0, dead: 1, deferred: 0 },
        { delivered: 0, retried: 0, dead: 0, deferred: 0 },
      ]);
      expect(receiver.seen).toHaveLength(3);
      expect(rejecting.seen).toHaveLength(1);
      const dead = await outbox.list({ state: 'dead', channel: channelId, limit: 10 });
      expect(dead.map((entry) => [entry.idempotencyKey, entry.attempts, entry.lastError])).toEqual([
        [key, 3, `${channelId}: server_error: HTTP 500: failing at [redacted]`],
      ]);
      expect(await outbox.get(rejectedKey)).toMatchObject({ state: 'dead', attempts: 1 });
      const everything = lines.join('\n') + JSON.stringify(dead);
      expect(lines.length).toBeGreaterThan(0);
      expect(everything).not.toContain('SECRETSECRETSECRET');
      expect(everything).not.toContain(receiver.url);

      // A dead letter can be re-driven once the receiver is fixed.
      expect(await outbox.redrive(dead[0]?.id ?? '', now)).toBe(true);
      expect(await outbox.get(key)).toMatchObject({ state: 'pending', attempts: 0 });
    } finally {
      await receiver.close();
      await rejecting.close();
    }
  });

  it('holds a channel to its rate limit without spending attempts', async () => {
    const receiver = await startReceiver(0);
    const channelId = `${prefix}-webhook-rate`;
    let now = Date.now();
    try {
      const keys = [1, 2, 3].map((n) => `${prefix}-rate-${n}`);
      await store.commit(outputWith(keys.map((key) => notification(channelId, key, now))));
      const dispatcher = new OutboxDispatcher({
        outbox,
        channels: [new WebhookChannel({ id: channelId, url: receiver.url, secret: WEBHOOK_SECRET })],
        rateLimits: { [channelId]: { ratePerSecond: 1, burst: 1 } },
        clock: () => now,
      });
      expect(await dispatcher.dispatchDue()).toEqual({ delivered: 1, retried: 0, dead: 0, deferred: 2 });
      expect(await dispatcher.dispatchDue()).toEqual({ delivered: 0, retried: 0, dead: 0, deferred: 0 });
      now += 1_000;
      expect(await dispatcher.dispatchDue()).toEqual({ delivered: 1, retried: 0, dead: 0, deferred: 1 });
      now += 1_000;
      expect(await dispatcher.dispatchDue()).toEqual({ delivered: 1, retried: 0, dead: 0, deferred: 0 });
      const entries = await Promise.all(keys.map((key) => outbox.get(key)));
      expect(entries.map((entry) => [entry?.state, entry?.attempts])).toEqual([
        ['delivered', 1],
        ['delivered', 1],
        ['delivered', 1],
      ]);
      expect(receiver.seen.map((request) => request.key).sort()).toEqual([...keys].sort());
    } finally {
      await receiver.close();
    }
  });
});
