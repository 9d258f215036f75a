import type { DeadLetterRecord } from '../DeadLetterRecord.js';

/** A dead letter as listing returns it, with every field set; tests override what they look at. */
export function deadLetterFixture(overrides: Partial<DeadLetterRecord> = {}): DeadLetterRecord {
  return {
    topic: 'orders.dlq',
    partition: 0,
    offset: '0',
    deadLetteredAt: new Date('2024-05-01T10:00:05Z'),
    originTopic: 'orders',
    originPartition: 2,
    originOffset: '41',
    originTimestamp: new Date('2024-05-01T09:59:59Z'),
    key: Buffer.from('order-1'),
    value: Buffer.from('{"id":1}'),
    valueSize: 8,
    valuePreview: '{"id":1}',
    headers: { trace: Buffer.from('t-1') },
    errorClass: 'DecodeError',
    errorMessage: 'Unexpected token } at byte 7',
    errorStack: 'DecodeError: Unexpected token } at byte 7\n    at decode',
    attempts: 1,
    firstFailureAt: new Date('2024-05-01T10:00:00Z'),
    redrives: [],
    ...overrides,
  };
}
