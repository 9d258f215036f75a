import { DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL, LocalKafkaCluster } from '@streamforge/local-infra';
import { TumblingWindow } from '@streamforge/stream';
import type { GeneratedEvent } from '@streamforge/testing';
import { EventGenerator, waitFor } from '@streamforge/testing';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { ServiceStack } from '../stack/index.js';

/**
 * The main job: the four services on the real topics, a demo stream of events through the HTTP API,
 * and a summary read back from Postgres and the services' own APIs and metrics.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { events: { type: 'string', default: '5000' }, seed: { type: 'string' } },
  });
  const eventCount = Number(values.events);
  if (!Number.isInteger(eventCount) || eventCount < 1 || eventCount > 1_000_000)
    throw new Error('--events must be a whole number from 1 to 1000000');
  const runId = `demo-${Date.now().toString(36)}`;
  const seed = values.seed === undefined ? Date.now() % 2_147_483_647 : Number(values.seed);

  const brokers = process.env.KAFKA_BROKERS?.split(',') ?? (await new LocalKafkaCluster().up()).brokers;
  const databaseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const logDir = mkdtempSync(join(tmpdir(), `streamforge-${runId}-`));
  console.log(`starting the four services (logs in ${logDir})`);
  const stack = await ServiceStack.start({
    brokers,
    redisUrl: process.env.REDIS_URL ?? DEFAULT_REDIS_URL,
    databaseUrl,
    logDir,
  });

  try {
    const windowSizeMs = 60_000;
    const meanGapMs = 200;
    // Event time runs up to about now, so the windows are this run's own unless two demos overlap.
    const startTime = Date.now() - eventCount * meanGapMs;
    const events = new EventGenerator({
      seed,
      users: 500,
      namespace: `${runId}-`,
      startTime,
      meanGapMs,
      highValueShare: 0.08,
    }).take(eventCount);

    const sendStarted = Date.now();
    await sendAll(`${stack.url('ingestion')}/api/events/batch`, events);
    const sendSeconds = (Date.now() - sendStarted) / 1000;
    console.log(
      `sent ${events.length} events in ${sendSeconds.toFixed(1)} s (${Math.round(events.length / sendSeconds)} events/s)`,
    );

    const expectedAlerts = events.filter(
      (event) => event.eventType === 'transaction' && (event.properties.amount as number) > 1000,
    ).length;
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const runAlerts = async (): Promise<number> =>
        Number(
          (
            await db.query<{ n: string }>(
              `SELECT count(*) AS n FROM alerts WHERE payload->'eventIds'->>0 LIKE $1`,
              [`${runId}-%`],
            )
          ).rows[0]?.n,
        );
      const firstWindow = new TumblingWindow(windowSizeMs).assign(startTime).start;
      const countedSince = async (): Promise<number> =>
        Number(
          (
            await db.query<{ n: string | null }>(
              'SELECT sum(count) AS n FROM window_counts WHERE window_start >= $1',
              [new Date(firstWindow)],
            )
          ).rows[0]?.n ?? 0,
        );
      await waitFor(
        async () => (await runAlerts()) === expectedAlerts && (await countedSince()) >= events.length,
        {
          timeoutMs: 180_000,
          intervalMs: 500,
          description: 'the pipeline to process the demo stream',
        },
      );
      const pipelineSeconds = (Date.now() - sendStarted) / 1000;
      await printSummary({
        db,
        stack,
        events,
        runId,
        firstWindow,
        windowSizeMs,
        expectedAlerts,
        pipelineSeconds,
      });
    } finally {
      await db.end();
    }
  } finally {
    const codes = await stack.stop();
    console.log(
      `services stopped: ${Object.entries(codes)
        .map(([name, code]) => `${name}=${code}`)
        .join(' ')}`,
    );
    console.log(
      'Kafka keeps running for the next run; stop it with: node infrastructure/local/dist/cli.js down',
    );
  }
}

async function sendAll(url: string, events: readonly GeneratedEvent[]): Promise<void> {
  const batches: GeneratedEvent[][] = [];
  for (let i = 0; i < events.length; i += 250) batches.push(events.slice(i, i + 250));
  // A few requests in flight keep the producer's batches full without reordering one user's events
  // much; per-key order inside Kafka is what the pipeline relies on, and each batch keeps it.
  for (let i = 0; i < batches.length; i += 4) {
    await Promise.all(
      batches.slice(i, i + 4).map(async (batch) => {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ events: batch }),
        });
        if (response.status !== 202)
          throw new Error(`ingestion answered ${response.status}: ${await response.text()}`);
      }),
    );
  }
}

async function printSummary(run: {
  db: Client;
  stack: ServiceStack;
  events: readonly GeneratedEvent[];
  runId: string;
  firstWindow: number;
  windowSizeMs: number;
  expectedAlerts: number;
  pipelineSeconds: number;
}): Promise<void> {
  const { db, stack, events, runId } = run;
  const expected = new Map<string, number>();
  const window = new TumblingWindow(run.windowSizeMs);
  for (const event of events) {
    const key = `${window.assign(Date.parse(event.timestamp)).start}|${event.eventType}`;
    expected.set(key, (expected.get(key) ?? 0) + 1);
  }
  const counts = await db.query<{ window_start: Date; event_type: string; count: string }>(
    'SELECT window_start, event_type, count FROM window_counts WHERE window_start >= $1 ORDER BY window_start, event_type',
    [new Date(run.firstWindow)],
  );
  const matches = metricValue(
    await (await fetch(`${stack.url('cep-engine')}/metrics`)).text(),
    'streamforge_cep_matches_total',
  );
  const alerts = await db.query<{ alert_key: string; summary: string; first_seen: Date }>(
    `SELECT alert_key, summary, first_seen FROM alerts WHERE payload->'eventIds'->>0 LIKE $1 ORDER BY first_seen LIMIT 5`,
    [`${runId}-%`],
  );
  const exact = counts.rows.every(
    (row) => expected.get(`${row.window_start.getTime()}|${row.event_type}`) === Number(row.count),
  );

  console.log('\n=== StreamForge demo summary ===');
  console.log(
    `run ${runId}: ${events.length} events accepted by ingestion, processed end to end in ${run.pipelineSeconds.toFixed(1)} s`,
  );
  console.log(`\nwindow counts (1-minute tumbling windows, event time; Postgres window_counts):`);
  const byWindow = new Map<number, string[]>();
  for (const row of counts.rows) {
    const cells = byWindow.get(row.window_start.getTime()) ?? [];
    cells.push(`${row.event_type}=${row.count}`);
    byWindow.set(row.window_start.getTime(), cells);
  }
  for (const [start, cells] of byWindow)
    console.log(`  ${new Date(start).toISOString().slice(11, 16)}  ${cells.join('  ')}`);
  console.log(
    `  ${counts.rows.length} window counts; ${exact ? 'all equal' : 'NOT all equal'} to a batch recount of the events sent`,
  );
  console.log(`\nCEP matches (high-value transactions, cep-engine metrics): ${matches}`);
  console.log(
    `alerts stored in Postgres for this run: ${run.expectedAlerts} (one per high-value transaction sent)`,
  );
  for (const alert of alerts.rows) console.log(`  ${alert.first_seen.toISOString()}  ${alert.summary}`);
  console.log('');
}

function metricValue(text: string, name: string): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
