import type { IHeaders, Message } from 'kafkajs';
import { STREAMFORGE_HEADERS as H } from './headerNames.js';
import { HeaderValueError } from './HeaderValueError.js';
import { readHeaders } from './readHeaders.js';
import type { RecordHeaderFields } from './RecordHeaderFields.js';
import { withHeaders } from './withHeaders.js';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const TRACE = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1 };

describe('withHeaders then readHeaders', () => {
  it('round-trips every field and keeps the headers that were there', () => {
    const fields = {
      eventId: 'evt-7f3a',
      trace: { ...TRACE, traceState: 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE' },
      schemaId: 42,
      origin: {
        service: 'stream-processor',
        host: 'node-3',
        topic: 'events.raw',
        partition: 4,
        offset: '1234',
      },
    };
    const message = withHeaders({ key: 'u1', value: '{}', headers: { 'event-type': 'click' } }, fields);
    expect(message).toMatchObject({ key: 'u1', value: '{}' });
    expect(message.headers).toEqual({
      'event-type': 'click',
      'event-id': 'evt-7f3a',
      traceparent: TRACEPARENT,
      tracestate: 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE',
      'schema-id': '42',
      'origin-service': 'stream-processor',
      'origin-host': 'node-3',
      'origin-topic': 'events.raw',
      'origin-partition': '4',
      'origin-offset': '1234',
    });
    expect(readHeaders(message.headers)).toEqual(fields);
  });

  it('reads what a consumer hands over: Buffers, and arrays for repeated headers', () => {
    const consumed: IHeaders = {
      [H.eventId]: [Buffer.from('old'), Buffer.from('evt-1')],
      [H.traceparent]: Buffer.from(TRACEPARENT),
      [H.tracestate]: [Buffer.from('rojo=1'), 'congo=2'],
      [H.schemaId]: Buffer.from('7'),
      [H.originService]: Buffer.from('ingestion'),
      [H.originHost]: 'host-a',
    };
    expect(readHeaders(consumed)).toEqual({
      eventId: 'evt-1',
      trace: { ...TRACE, traceState: 'rojo=1,congo=2' },
      schemaId: 7,
      origin: { service: 'ingestion', host: 'host-a' },
    });
  });

  it('replaces an old trace as a whole, dropping its tracestate', () => {
    const old = withHeaders({ value: null }, { trace: { ...TRACE, traceState: 'rojo=1' } });
    const next = withHeaders(old, { trace: { ...TRACE, spanId: '1111111111111111' } });
    expect(next.headers).not.toHaveProperty(H.tracestate);
    expect(readHeaders(next.headers).trace).toEqual({ ...TRACE, spanId: '1111111111111111' });
  });

  it('replaces an old origin as a whole', () => {
    const derived = withHeaders(
      { value: null },
      { origin: { service: 'a', host: 'h', topic: 't', partition: 1, offset: '9' } },
    );
    const fresh = withHeaders(derived, { origin: { service: 'b', host: 'h2' } });
    expect(readHeaders(fresh.headers).origin).toEqual({ service: 'b', host: 'h2' });
  });

  it.each([
    [{ eventId: '' }, /event-id/],
    [{ schemaId: -1 }, /schema-id/],
    [{ schemaId: 2 ** 31 }, /schema-id/],
    [{ trace: { ...TRACE, traceId: 'nope' } }, /traceparent: traceId/],
    [{ trace: { ...TRACE, traceState: 'Bad Key=1' } }, /tracestate/],
    [{ origin: { service: 'a', host: 'h', partition: -2 } }, /origin-partition/],
    [{ origin: { service: 'a', host: 'h', offset: '12abc' } }, /origin-offset/],
    [{ origin: { service: '', host: 'h' } }, /origin-service/],
  ])('refuses to write %j', (fields: RecordHeaderFields, header) => {
    const message: Message = { value: null };
    expect(() => withHeaders(message, fields)).toThrow(HeaderValueError);
    expect(() => withHeaders(message, fields)).toThrow(header);
  });
});

describe('readHeaders on what others wrote', () => {
  it('returns nothing for no headers', () => {
    expect(readHeaders(undefined)).toEqual({});
    expect(readHeaders({})).toEqual({});
    expect(readHeaders({ [H.eventId]: undefined, [H.traceparent]: [] })).toEqual({});
  });

  it('ignores an invalid traceparent, and with it the tracestate, without throwing', () => {
    const headers = { [H.traceparent]: 'garbage', [H.tracestate]: 'rojo=1', [H.eventId]: 'e-1' };
    expect(readHeaders(headers)).toEqual({ eventId: 'e-1' });
  });

  it('ignores conflicting traceparent copies but accepts identical ones', () => {
    const other = TRACEPARENT.replace('00f067aa0ba902b7', '1111111111111111');
    expect(readHeaders({ [H.traceparent]: [TRACEPARENT, other] }).trace).toBeUndefined();
    expect(readHeaders({ [H.traceparent]: [TRACEPARENT, Buffer.from(TRACEPARENT)] }).trace).toEqual(TRACE);
  });

  it('keeps a valid traceparent when only the tracestate is malformed', () => {
    expect(readHeaders({ [H.traceparent]: TRACEPARENT, [H.tracestate]: 'no-equals-sign' }).trace).toEqual(
      TRACE,
    );
  });

  it('drops malformed numbers and an origin without service or host', () => {
    expect(
      readHeaders({
        [H.schemaId]: '4.5',
        [H.originService]: 'svc',
        [H.originPartition]: '-1',
        [H.originOffset]: 'ten',
      }),
    ).toEqual({});
    expect(
      readHeaders({
        [H.originService]: 'svc',
        [H.originHost]: 'h',
        [H.originPartition]: 'x',
        [H.originOffset]: '-5',
      }),
    ).toEqual({ origin: { service: 'svc', host: 'h' } });
    expect(readHeaders({ [H.schemaId]: '99999999999' })).toEqual({});
  });
});
