import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { StreamEvent } from './StreamEvent.js';

/** A field of an incoming event that is missing or wrong, in a form clients can act on. */
export interface EventFieldError {
  field: string;
  message: string;
}

export type ParseEventResult = { ok: true; event: StreamEvent } | { ok: false; errors: EventFieldError[] };

/** Event time may lag ingestion by years (replays) but lead it only by clock skew. */
const MAX_CLOCK_SKEW_MS = 24 * 3_600_000;
const EARLIEST_TIMESTAMP_MS = Date.UTC(2000, 0, 1);
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

/** Date.parse rolls 2024-02-30 over to March 1st; a timestamp naming a day its month lacks is wrong. */
function isCalendarDate(iso: string): boolean {
  const [year, month, day] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const TIMESTAMP_FORMAT = 'must be ISO-8601 with a time zone (2024-01-15T10:30:00Z) or epoch milliseconds';

/** ISO-8601 text or epoch milliseconds, to epoch milliseconds; each way of being wrong has its message. */
const timestamp = z.unknown().transform((value, ctx): number => {
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && value >= 0) return value;
    ctx.addIssue({ code: 'custom', message: 'epoch milliseconds must be a whole, non-negative number' });
    return z.NEVER;
  }
  if (typeof value !== 'string' || !ISO_8601.test(value)) {
    ctx.addIssue({ code: 'custom', message: TIMESTAMP_FORMAT });
    return z.NEVER;
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || !isCalendarDate(value)) {
    ctx.addIssue({ code: 'custom', message: 'is not a calendar date and time' });
    return z.NEVER;
  }
  return ms;
});

const incomingEventSchema = z.object({
  eventId: z.string().min(1).max(128).regex(NAME, 'must be letters, digits, ".", "_", ":" or "-"').optional(),
  eventType: z.string().min(1).max(128).regex(NAME, 'must be letters, digits, ".", "_", ":" or "-"'),
  userId: z.string().min(1).max(256),
  timestamp,
  source: z.string().min(1).max(256).optional(),
  properties: z.record(z.string(), z.unknown()).default({}),
});

/**
 * Validates one event of the ingestion contract and completes it: assigns an eventId when absent and
 * normalises the timestamp to epoch ms. Every problem is reported with the field it concerns.
 */
export function parseIncomingEvent(
  body: unknown,
  options: { now?: number; newEventId?: () => string } = {},
): ParseEventResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, errors: [{ field: '(body)', message: 'must be a JSON object' }] };
  }
  const parsed = incomingEventSchema.safeParse(body);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => {
        const field = issue.path.map(String).join('.');
        const missing = issue.path.length === 1 && (body as Record<string, unknown>)[field] === undefined;
        return { field: field || '(body)', message: missing ? 'is required' : issue.message };
      }),
    };
  }
  const now = options.now ?? Date.now();
  const event = parsed.data;
  if (event.timestamp < EARLIEST_TIMESTAMP_MS || event.timestamp > now + MAX_CLOCK_SKEW_MS) {
    return {
      ok: false,
      errors: [
        {
          field: 'timestamp',
          message: 'must be after 2000-01-01 and at most 24 h ahead of the server clock',
        },
      ],
    };
  }
  return {
    ok: true,
    event: {
      eventId: event.eventId ?? (options.newEventId ?? randomUUID)(),
      eventType: event.eventType,
      userId: event.userId,
      timestamp: event.timestamp,
      ...(event.source === undefined ? {} : { source: event.source }),
      properties: event.properties,
      receivedAt: now,
    },
  };
}
