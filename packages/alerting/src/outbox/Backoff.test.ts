import { backoffDelay } from './Backoff.js';
import { TokenBucket } from './TokenBucket.js';

describe('backoffDelay', () => {
  const options = { initialMs: 100, maxMs: 1_000, multiplier: 2, jitter: 0.5 };

  it('grows exponentially up to the cap, jitter spreading the upper half', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, options, () => 1))).toEqual([
      100, 200, 400, 800, 1_000,
    ]);
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, options, () => 0))).toEqual([
      50, 100, 200, 400, 500,
    ]);
    expect(backoffDelay(2, { ...options, jitter: 0 }, () => 0.9)).toBe(200);
  });
});

describe('TokenBucket', () => {
  it('allows a burst, then one per 1/rate seconds, and says how long to wait', () => {
    const bucket = new TokenBucket(2, 2);
    expect([bucket.take(0), bucket.take(0)]).toEqual([{ granted: true }, { granted: true }]);
    expect(bucket.take(0)).toEqual({ granted: false, waitMs: 500 });
    expect(bucket.take(250)).toEqual({ granted: false, waitMs: 250 });
    expect(bucket.take(500)).toEqual({ granted: true });
    expect(bucket.take(10_000)).toEqual({ granted: true });
    expect(bucket.take(10_000)).toEqual({ granted: true });
    expect(bucket.take(10_000).granted).toBe(false);
  });
});
