import type { StreamEvent } from './StreamEvent.js';

/** Thrown when a record's bytes are not a StreamEvent; such a record is a dead letter, never retried. */
export class EventDecodeError extends Error {
  readonly code = 'EVENT_DECODE_FAILED';
  readonly retriable = false;

  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'EventDecodeError';
  }
}

export function encodeEvent(event: StreamEvent): Buffer {
  return Buffer.from(JSON.stringify(event));
}

export function decodeEvent(bytes: Buffer | null): StreamEvent {
  if (bytes === null) throw new EventDecodeError('record has no value');
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (cause) {
    throw new EventDecodeError('record value is not JSON', cause);
  }
  if (!isStreamEvent(value)) throw new EventDecodeError('record value is not a StreamEvent');
  return value;
}

function isStreamEvent(value: unknown): value is StreamEvent {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as Record<string, unknown>;
  return (
    typeof event.eventId === 'string' &&
    typeof event.eventType === 'string' &&
    typeof event.userId === 'string' &&
    typeof event.timestamp === 'number' &&
    typeof event.receivedAt === 'number' &&
    typeof event.properties === 'object' &&
    event.properties !== null
  );
}
