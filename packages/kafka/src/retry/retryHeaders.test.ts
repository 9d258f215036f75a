import type { IHeaders, KafkaMessage } from 'kafkajs';
import { RETRY_HEADERS, readRetryState, retryMessage, withoutRetryHeaders } from './retryHeaders.js';

const record = (headers: IHeaders = {}): KafkaMessage => ({
  key: Buffer.from('k'),
  value: Buffer.from('v'),
  timestamp: '1700000000000',
  offset: '42',
  attributes: 0,
  headers,
});

describe('retry headers', () => {
  it('reads a main-topic record as attempt 1, due now, with itself as origin', () => {
    expect(readRetryState({ topic: 'events.raw', partition: 3, message: record() }, 0)).toEqual({
      originalTopic: 'events.raw',
      originalPartition: 3,
      originalOffset: '42',
      originalTimestamp: '1700000000000',
      attempt: 1,
      notBefore: 0,
    });
  });

  it('carries origin, attempt, due time and first failure through a tier', () => {
    const main = readRetryState({ topic: 'events.raw', partition: 3, message: record({ trace: 't' }) }, 0);
    const firstFailure = new Date('2025-01-01T00:00:00.000Z');
    const copy = retryMessage(record({ trace: 't' }), main, new Error('down'), 1_234, firstFailure);
    const onTier = { ...record(copy.headers ?? {}), offset: '7', timestamp: '1800000000000' };
    expect(readRetryState({ topic: 'events.raw.retry.1', partition: 0, message: onTier }, 1)).toEqual({
      originalTopic: 'events.raw',
      originalPartition: 3,
      originalOffset: '42',
      originalTimestamp: '1700000000000',
      attempt: 2,
      notBefore: 1_234,
      firstFailureAt: firstFailure,
    });
    expect(Object.keys(withoutRetryHeaders(onTier).headers ?? {})).toEqual(['trace']);
  });

  it('still retries a tier record whose headers were stripped', () => {
    const state = readRetryState({ topic: 't.retry.2', partition: 1, message: record() }, 2);
    expect(state).toMatchObject({ attempt: 3, notBefore: 0, originalTopic: 't.retry.2' });
    expect(RETRY_HEADERS.notBefore).toBe('retry-not-before');
  });
});
