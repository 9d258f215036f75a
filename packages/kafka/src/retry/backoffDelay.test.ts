import { backoffDelay } from './backoffDelay.js';

describe('backoffDelay', () => {
  it('grows by the multiplier per tier and stops at the cap', () => {
    const backoff = { initialMs: 200, multiplier: 3, maxMs: 1_000 };
    expect([1, 2, 3, 4].map((retry) => backoffDelay(backoff, retry))).toEqual([200, 600, 1_000, 1_000]);
  });
});
