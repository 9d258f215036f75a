import { parseIncomingEvent } from './parseIncomingEvent.js';

const now = Date.UTC(2024, 0, 15, 12);
const parse = (body: unknown) => parseIncomingEvent(body, { now, newEventId: () => 'generated-id' });

describe('parseIncomingEvent', () => {
  it('completes a valid event: assigns an id and normalises an ISO timestamp', () => {
    expect(
      parse({
        eventType: 'page_view',
        userId: 'u1',
        timestamp: '2024-01-15T10:30:00Z',
        properties: { page: '/p' },
      }),
    ).toEqual({
      ok: true,
      event: {
        eventId: 'generated-id',
        eventType: 'page_view',
        userId: 'u1',
        timestamp: Date.UTC(2024, 0, 15, 10, 30),
        properties: { page: '/p' },
        receivedAt: now,
      },
    });
  });

  it('keeps a client eventId and source, accepts epoch ms and defaults properties', () => {
    const result = parse({
      eventId: 'e-1',
      eventType: 'login',
      userId: 'u',
      timestamp: now - 5,
      source: 'web',
    });
    expect(result).toEqual({
      ok: true,
      event: {
        eventId: 'e-1',
        eventType: 'login',
        userId: 'u',
        timestamp: now - 5,
        source: 'web',
        properties: {},
        receivedAt: now,
      },
    });
  });

  it.each([
    [{ userId: 'u', timestamp: now }, 'eventType', 'is required'],
    [{ eventType: '', userId: 'u', timestamp: now }, 'eventType', ''],
    [{ eventType: 'has space', userId: 'u', timestamp: now }, 'eventType', 'must be letters'],
    [{ eventType: 'x', timestamp: now }, 'userId', 'is required'],
    [{ eventType: 'x', userId: 'u' }, 'timestamp', 'is required'],
    [{ eventType: 'x', userId: 'u', timestamp: 'yesterday' }, 'timestamp', 'must be ISO-8601'],
    [{ eventType: 'x', userId: 'u', timestamp: '2024-01-15T10:30:00' }, 'timestamp', 'with a time zone'],
    [{ eventType: 'x', userId: 'u', timestamp: true }, 'timestamp', 'must be ISO-8601'],
    [{ eventType: 'x', userId: 'u', timestamp: '2023-02-29T10:00:00Z' }, 'timestamp', 'not a calendar date'],
    [{ eventType: 'x', userId: 'u', timestamp: '2023-11-31T10:00:00Z' }, 'timestamp', 'not a calendar date'],
    [{ eventType: 'x', userId: 'u', timestamp: '2023-12-01T24:30:00Z' }, 'timestamp', 'not a calendar date'],
    [{ eventType: 'x', userId: 'u', timestamp: 1.5 }, 'timestamp', 'whole, non-negative'],
    [{ eventType: 'x', userId: 'u', timestamp: -1 }, 'timestamp', 'whole, non-negative'],
    [{ eventType: 'x', userId: 'u', timestamp: now + 25 * 3_600_000 }, 'timestamp', '24 h ahead'],
    [{ eventType: 'x', userId: 'u', timestamp: 5 }, 'timestamp', 'after 2000'],
    [{ eventType: 'x', userId: 'u', timestamp: now, properties: [1] }, 'properties', ''],
  ])('rejects %j naming %s', (body, field, message) => {
    const result = parse(body);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((error) => error.field)).toContain(field);
    expect(result.errors.find((error) => error.field === field)?.message).toContain(message);
  });

  it('accepts a leap day and a time-zone offset', () => {
    const result = parse({ eventType: 'x', userId: 'u', timestamp: '2024-01-15T11:30:00.250+01:00' });
    expect(result.ok && result.event.timestamp).toBe(Date.UTC(2024, 0, 15, 10, 30, 0, 250));
    expect(parse({ eventType: 'x', userId: 'u', timestamp: '2020-02-29T00:00:00Z' }).ok).toBe(true);
  });

  it.each([null, 'text', 42, [{ eventType: 'x' }]])('rejects a body that is not an object: %j', (body) => {
    expect(parse(body)).toEqual({
      ok: false,
      errors: [{ field: '(body)', message: 'must be a JSON object' }],
    });
  });
});
