import type { StreamEvent } from '@streamforge/stream';
import { createLogger, createMetricsRegistry } from '@streamforge/telemetry';
import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import { createIngestionApp } from './app.js';
import type { EventSink } from './EventPublisher.js';
import { IngestionMetrics } from './IngestionMetrics.js';

/** The HTTP contract, with the Kafka side replaced by an in-memory EventSink (a port this service owns). */
describe('ingestion HTTP API', () => {
  const published: StreamEvent[][] = [];
  let failNext = false;
  const sink: EventSink = {
    publish: async (events) => {
      if (failNext) {
        failNext = false;
        throw new Error('broker unavailable');
      }
      published.push([...events]);
    },
  };
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const registry = createMetricsRegistry('ingestion-test');
    const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
    const app = createIngestionApp({
      publisher: sink,
      registry,
      metrics: new IngestionMetrics(registry),
      readiness: [{ name: 'kafka', check: () => true }],
      logger: createLogger({ service: 'ingestion-test', destination: quiet }),
      maxBodyBytes: 2_048,
      maxBatchEvents: 3,
    });
    await new Promise<void>((resolve) => {
      server = app.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => (published.length = 0));

  const post = (path: string, body: unknown) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const event = { eventType: 'login', userId: 'u1', timestamp: '2024-01-15T10:30:00Z' };

  it('accepts an event once it is published and answers its eventId', async () => {
    const response = await post('/api/events', { ...event, eventId: 'client-1' });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ eventId: 'client-1' });
    expect(published).toHaveLength(1);
    expect(published[0]?.[0]).toMatchObject({
      eventId: 'client-1',
      userId: 'u1',
      timestamp: Date.UTC(2024, 0, 15, 10, 30),
    });
  });

  it('publishes a batch in one call, in order', async () => {
    const response = await post('/api/events/batch', { events: [event, { ...event, userId: 'u2' }] });
    expect(response.status).toBe(202);
    const { eventIds } = (await response.json()) as { eventIds: string[] };
    expect(published).toEqual([
      [
        expect.objectContaining({ eventId: eventIds[0], userId: 'u1' }),
        expect.objectContaining({ eventId: eventIds[1], userId: 'u2' }),
      ],
    ]);
  });

  it('refuses a batch over the limit, naming it', async () => {
    const response = await post('/api/events/batch', { events: [event, event, event, event] });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { code: 'INVALID_BATCH', fields: [{ field: 'events' }] },
    });
    expect(published).toHaveLength(0);
  });

  it('answers 503, retriable, when the events could not be stored', async () => {
    failNext = true;
    const response = await post('/api/events', event);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: { code: 'UNAVAILABLE', retriable: true } });
  });

  it('answers 413 over the body limit and keeps serving', async () => {
    const response = await post('/api/events', { ...event, properties: { blob: 'x'.repeat(4_096) } });
    expect(response.status).toBe(413);
    expect((await post('/api/events', event)).status).toBe(202);
  });

  it('reports readiness and metrics', async () => {
    expect(await (await fetch(`${base}/ready`)).json()).toEqual({ status: 'ready', notReady: [] });
    expect(await (await fetch(`${base}/metrics`)).text()).toContain(
      'streamforge_ingestion_events_accepted_total',
    );
  });
});
