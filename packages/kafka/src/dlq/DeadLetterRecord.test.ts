import type { KafkaMessage } from 'kafkajs';
import { RETRY_HEADERS } from '../retry/retryHeaders.js';
import { DEAD_LETTER_HEADERS } from './deadLetterHeaders.js';
import { deadLetterMessage } from './deadLetterMessage.js';
import { readDeadLetterRecord } from './DeadLetterRecord.js';

/** What kafkajs hands a consumer for a message it produced: header values become Buffers. */
function consumed(
  message: ReturnType<typeof deadLetterMessage>,
  offset: string,
  timestamp: string,
): KafkaMessage {
  const headers: Record<string, Buffer> = {};
  for (const [name, value] of Object.entries(message.headers ?? {}))
    if (value !== undefined) headers[name] = Buffer.from(Array.isArray(value) ? String(value[0]) : value);
  return {
    key: message.key === undefined || message.key === null ? null : Buffer.from(message.key),
    value: message.value === null ? null : Buffer.from(message.value),
    headers,
    offset,
    timestamp,
    attributes: 0,
  };
}

describe('readDeadLetterRecord', () => {
  const original: KafkaMessage = {
    key: Buffer.from('user-7'),
    value: Buffer.from('{"broken'),
    headers: { trace: Buffer.from('abc'), [RETRY_HEADERS.attempt]: Buffer.from('3') },
    offset: '41',
    timestamp: '1714557599000',
    attributes: 0,
  };
  const error = Object.assign(new Error('Unexpected end of JSON'), { name: 'DecodeError' });
  const firstFailureAt = new Date('2024-05-01T10:00:00Z');

  it('reads back everything deadLetterMessage wrote', () => {
    const written = deadLetterMessage({ topic: 'orders', partition: 2 }, original, error, 4, {
      firstFailureAt,
    });
    const record = readDeadLetterRecord('orders.dlq', 1, consumed(written, '17', '1714557605000'));
    expect(record).toEqual({
      topic: 'orders.dlq',
      partition: 1,
      offset: '17',
      deadLetteredAt: new Date(1714557605000),
      originTopic: 'orders',
      originPartition: 2,
      originOffset: '41',
      originTimestamp: new Date(1714557599000),
      key: Buffer.from('user-7'),
      value: Buffer.from('{"broken'),
      valueSize: 8,
      valuePreview: '{"broken',
      // Neither the DLQ's headers nor the retry tiers' belong to the record that goes back.
      headers: { trace: Buffer.from('abc') },
      errorClass: 'DecodeError',
      errorMessage: 'Unexpected end of JSON',
      errorStack: expect.stringContaining('Unexpected end of JSON'),
      attempts: 4,
      firstFailureAt,
      redrives: [],
    });
  });

  it('takes the key from its header when the record key was stripped', () => {
    const written = deadLetterMessage({ topic: 'orders', partition: 0 }, original, error);
    const record = readDeadLetterRecord('orders.dlq', 0, { ...consumed(written, '0', '0'), key: null });
    expect(record.key).toEqual(Buffer.from('user-7'));
  });

  it('leaves missing or unreadable headers null instead of inventing values', () => {
    const record = readDeadLetterRecord('orders.dlq', 0, {
      ...original,
      headers: {
        [DEAD_LETTER_HEADERS.attempts]: Buffer.from('many'),
        [DEAD_LETTER_HEADERS.firstFailure]: Buffer.from('x'),
      },
    });
    expect(record).toMatchObject({
      originTopic: null,
      originPartition: null,
      originOffset: null,
      errorClass: null,
      attempts: null,
      firstFailureAt: null,
    });
  });

  it('previews the start of the value as text, control characters shown as dots', () => {
    const value = Buffer.from(`a\nb\u0000${'x'.repeat(100)}`);
    const record = readDeadLetterRecord('orders.dlq', 0, { ...original, value });
    expect(record.valueSize).toBe(104);
    expect(record.valuePreview).toBe(`a.b.${'x'.repeat(60)}…`);
  });
});
