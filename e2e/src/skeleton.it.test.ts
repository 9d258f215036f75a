import { createKafkaClient } from '@streamforge/kafka';
import { TumblingWindow } from '@streamforge/stream';
import type { GeneratedEvent } from '@streamforge/testing';
import {
  EventGenerator,
  startKafka,
  startPostgres,
  startRedis,
  uniqueName,
  waitFor,
} from '@streamforge/testing';
import { Redis } from 'ioredis';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ServiceStack, createRunDatabase, createRunTopics } from './stack/index.js';

/**
 * The walking skeleton end to end on real Kafka, Redis and Postgres: events posted over HTTP come out
 * as exact window counts and exactly one alert per high-value transaction. The expected values are
 * recomputed from the generated events, independently of the pipeline.
 */
describe('walking skeleton: ingestion → stream-processor → cep-engine → alert-engine', () => {
  const WINDOW_MS = 60_000;
  const run = uniqueName('e2e').replace(/[^a-z0-9]/g, '_');
  let stack: ServiceStack | undefined;
  let database: { url: string; drop: () => Promise<void> } | undefined;
  let redis: Redis | undefined;

  afterAll(async () => {
    await stack?.stop();
    await redis?.quit();
    await database?.drop();
  });

  it('counts every event in its window exactly once and raises one alert per high-value transaction', async () => {
    const kafka = await startKafka();
    const { url: redisUrl } = await startRedis();
    const postgres = await startPostgres();
    database = await createRunDatabase(postgres.url, run);
    const topics = await createRunTopics(createKafkaClient({ brokers: kafka.brokers, clientId: run }), run);
    const redisPrefix = `${run}:`;

    stack = await ServiceStack.start({
      brokers: kafka.brokers,
      redisUrl,
      databaseUrl: database.url,
      logDir: mkdtempSync(join(tmpdir(), `${run}-`)),
      env: { REDIS_KEY_PREFIX: redisPrefix, WINDOW_SIZE_MS: String(WINDOW_MS) },
      serviceEnv: {
        ingestion: { RAW_EVENTS_TOPIC: topics.raw },
        'stream-processor': {
          RAW_EVENTS_TOPIC: topics.raw,
          ENRICHED_EVENTS_TOPIC: topics.enriched,
          CONSUMER_GROUP: `${run}-sp`,
        },
        'cep-engine': {
          INPUT_TOPIC: topics.enriched,
          MATCHES_TOPIC: topics.matches,
          CONSUMER_GROUP: `${run}-cep`,
          TRANSACTIONAL_ID_PREFIX: `${run}-cep`,
        },
        'alert-engine': { MATCHES_TOPIC: topics.matches, CONSUMER_GROUP: `${run}-alerts` },
      },
    });

    // Event time spans ~12 minutes ending an hour ago, so several windows fill up.
    const events = new EventGenerator({
      seed: 20241115,
      users: 300,
      namespace: `${run}-`,
      startTime: Date.now() - 3_600_000,
      meanGapMs: 240,
      highValueShare: 0.12,
    }).take(3_000);
    const ingestion = stack.url('ingestion');
    // Most events arrive in batches; some one by one, in the same order per user either way.
    for (let i = 0; i < 2_700; i += 300) {
      const response = await post(`${ingestion}/api/events/batch`, { events: events.slice(i, i + 300) });
      expect(response.status).toBe(202);
      expect(((await response.json()) as { eventIds: string[] }).eventIds).toEqual(
        events.slice(i, i + 300).map((event) => event.eventId),
      );
    }
    for (const event of events.slice(2_700)) {
      const response = await post(`${ingestion}/api/events`, event);
      expect(response.status).toBe(202);
      expect(await response.json()).toEqual({ eventId: event.eventId });
    }

    const expectedCounts = windowCounts(events, new TumblingWindow(WINDOW_MS));
    const expectedAlertEvents = events
      .filter((event) => event.eventType === 'transaction' && (event.properties.amount as number) > 1000)
      .map((event) => event.eventId)
      .sort();
    expect(expectedAlertEvents.length).toBeGreaterThan(20);

    const db = new Client({ connectionString: database.url });
    await db.connect();
    try {
      await waitFor(
        async () => {
          const { rows } = await db.query<{ total: string | null; alerts: string }>(
            `SELECT (SELECT sum(count) FROM window_counts) AS total, (SELECT count(*) FROM alerts) AS alerts`,
          );
          return (
            Number(rows[0]?.total ?? 0) === events.length &&
            Number(rows[0]?.alerts) === expectedAlertEvents.length
          );
        },
        { timeoutMs: 90_000, intervalMs: 500, description: 'every event counted and every alert stored' },
      );

      const counted = await db.query<{ event_type: string; window_start: Date; count: string }>(
        'SELECT event_type, window_start, count FROM window_counts ORDER BY window_start, event_type',
      );
      expect(
        new Map(
          counted.rows.map((row) => [`${row.event_type}@${row.window_start.getTime()}`, Number(row.count)]),
        ),
      ).toEqual(expectedCounts);

      const alerts = await db.query<{
        rule: string;
        severity: string;
        status: string;
        alert_key: string;
        payload: { eventIds: string[] };
      }>('SELECT rule, severity, status, alert_key, payload FROM alerts');
      expect(alerts.rows.flatMap((row) => row.payload.eventIds).sort()).toEqual(expectedAlertEvents);
      for (const alert of alerts.rows)
        expect(alert).toMatchObject({
          rule: 'high-value-transaction',
          severity: 'high',
          status: 'triggered',
        });

      // The Redis mirror holds the same totals as Postgres.
      redis = new Redis(redisUrl);
      for (const [key, count] of [...expectedCounts].slice(0, 10)) {
        const [eventType, windowStart] = key.split('@') as [string, string];
        expect(Number(await redis.hget(`${redisPrefix}window-counts:{${eventType}}`, windowStart))).toBe(
          count,
        );
      }
    } finally {
      await db.end();
    }

    // The query APIs read the same results back.
    const apiCounts = (await (
      await fetch(`${stack.url('stream-processor')}/api/analytics/window-counts?limit=10000`)
    ).json()) as {
      windows: Array<{ count: number }>;
    };
    expect(apiCounts.windows.reduce((sum, window) => sum + window.count, 0)).toBe(events.length);
    const apiAlerts = (await (await fetch(`${stack.url('alert-engine')}/api/alerts?limit=10000`)).json()) as {
      alerts: unknown[];
    };
    expect(apiAlerts.alerts).toHaveLength(expectedAlertEvents.length);

    // SIGTERM lets every service finish its work and exit cleanly.
    const exitCodes = await stack.stop();
    stack = undefined;
    expect(exitCodes).toEqual({ 'alert-engine': 0, 'cep-engine': 0, 'stream-processor': 0, ingestion: 0 });
  });
});

function post(url: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** The batch oracle: counts per `eventType@windowStart`, computed straight from the generated events. */
function windowCounts(events: readonly GeneratedEvent[], window: TumblingWindow): Map<string, number> {
  const counts = new Map<string, number>();
  const sorted = [...events].sort(
    (a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp) || a.eventType.localeCompare(b.eventType),
  );
  for (const event of sorted) {
    const key = `${event.eventType}@${window.assign(Date.parse(event.timestamp)).start}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
