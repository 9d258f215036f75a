import { createKafkaClient } from '@streamforge/kafka';
import { startKafka, startPostgres, startRedis, uniqueName } from '@streamforge/testing';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceStack, createRunTopics } from './stack/index.js';

interface ErrorBody {
  error: { code: string; message: string; fields?: Array<{ field: string; message: string }> };
}

/** Bad input to the running ingestion service: a 4xx naming the field, and the service keeps serving. */
describe('ingestion rejects malformed input and keeps serving', () => {
  const MAX_BODY_BYTES = 64 * 1024;
  let stack: ServiceStack;
  let url: string;

  beforeAll(async () => {
    const run = uniqueName('ingest');
    const kafka = await startKafka();
    const topics = await createRunTopics(createKafkaClient({ brokers: kafka.brokers, clientId: run }), run);
    stack = await ServiceStack.start({
      brokers: kafka.brokers,
      redisUrl: (await startRedis()).url,
      databaseUrl: (await startPostgres()).url,
      logDir: mkdtempSync(join(tmpdir(), `${run}-`)),
      services: ['ingestion'],
      serviceEnv: { ingestion: { RAW_EVENTS_TOPIC: topics.raw, MAX_BODY_BYTES: String(MAX_BODY_BYTES) } },
    });
    url = `${stack.url('ingestion')}/api/events`;
  });

  afterAll(async () => {
    expect(await stack?.stop()).toEqual({ ingestion: 0 });
  });

  const send = async (
    body: string,
    contentType = 'application/json',
  ): Promise<{ status: number; body: ErrorBody }> => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });
    return { status: response.status, body: (await response.json()) as ErrorBody };
  };
  const valid = {
    eventType: 'page_view',
    userId: 'u1',
    timestamp: new Date().toISOString(),
    properties: { page: '/' },
  };

  it.each([
    ['bad JSON', 400, '{"eventType": "page_view",', 'INVALID_JSON', '(body)'],
    ['a JSON array', 400, '[1,2]', 'INVALID_EVENT', '(body)'],
    [
      'a missing eventType',
      400,
      JSON.stringify({ ...valid, eventType: undefined }),
      'INVALID_EVENT',
      'eventType',
    ],
    ['a missing userId', 400, JSON.stringify({ ...valid, userId: undefined }), 'INVALID_EVENT', 'userId'],
    [
      'a bad timestamp',
      400,
      JSON.stringify({ ...valid, timestamp: '15/01/2024 10:30' }),
      'INVALID_EVENT',
      'timestamp',
    ],
    [
      'an impossible date',
      400,
      JSON.stringify({ ...valid, timestamp: '2024-02-30T10:00:00Z' }),
      'INVALID_EVENT',
      'timestamp',
    ],
    [
      'properties that are not an object',
      400,
      JSON.stringify({ ...valid, properties: 'x' }),
      'INVALID_EVENT',
      'properties',
    ],
    [
      'a body over the limit',
      413,
      JSON.stringify({ ...valid, properties: { blob: 'x'.repeat(MAX_BODY_BYTES) } }),
      'PAYLOAD_TOO_LARGE',
      '(body)',
    ],
  ])('answers %s with %i naming the field', async (_case, status, body, code, field) => {
    const answer = await send(body);
    expect(answer.status).toBe(status);
    expect(answer.body.error.code).toBe(code);
    expect(answer.body.error.fields?.map((entry) => entry.field)).toContain(field);
  });

  it('answers a body that is not JSON by content type with 415', async () => {
    const answer = await send(JSON.stringify(valid), 'text/plain');
    expect(answer.status).toBe(415);
    expect(answer.body.error.fields?.[0]?.field).toBe('(headers).content-type');
  });

  it('names the failing event of a batch and accepts none of it', async () => {
    const response = await fetch(`${url}/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ events: [valid, { ...valid, userId: '' }] }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error.fields?.[0]?.field).toBe('events[1].userId');
  });

  it('still accepts a valid event and reports healthy after all that', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(valid),
    });
    expect(response.status).toBe(202);
    expect(((await response.json()) as { eventId: string }).eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await fetch(`${stack.url('ingestion')}/health`)).status).toBe(200);
    const metrics = await (await fetch(`${stack.url('ingestion')}/metrics`)).text();
    expect(metrics).toMatch(
      /streamforge_ingestion_requests_rejected_total\{reason="invalid_event",service="ingestion"\} [1-9]/,
    );
  });
});
