import type { StreamEvent } from '@streamforge/stream';
import { HighValueTransactionDetector } from './HighValueTransactionDetector.js';

const event = (eventType: string, amount: unknown): StreamEvent => ({
  eventId: `e-${String(amount)}`,
  eventType,
  userId: 'u1',
  timestamp: 1_700_000_000_000,
  properties: { amount },
  receivedAt: 1_700_000_000_100,
});

describe('HighValueTransactionDetector', () => {
  const detector = new HighValueTransactionDetector(1000);

  it('matches a transaction strictly above the threshold, with a deterministic match id', () => {
    const match = detector.detect(event('transaction', 1000.01));
    expect(match).toMatchObject({
      matchId: 'high-value-transaction:e-1000.01',
      patternId: 'high-value-transaction',
      key: 'u1',
      severity: 'high',
      matchedAt: 1_700_000_000_000,
    });
    expect(detector.detect(event('transaction', 1000.01))).toEqual(match);
  });

  it.each([
    ['transaction', 1000],
    ['transaction', 5],
    ['transaction', 'lots'],
    ['transaction', null],
    ['transaction', ''],
    ['page_view', 5000],
  ])('ignores %s with amount %j', (type, amount) => {
    expect(detector.detect(event(type, amount))).toBeUndefined();
  });

  it('reads numeric strings as amounts', () => {
    expect(detector.detect(event('transaction', '2500'))?.summary).toBe(
      'transaction of 2500 by u1 is above 1000',
    );
  });
});
