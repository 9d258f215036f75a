/**
 * A per-channel rate limit: `ratePerSecond` tokens refill continuously up to `burst`. Time is the
 * caller's, like everywhere in alerting, so that tests drive it explicitly.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number | undefined;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  /** Takes a token if there is one; otherwise returns how long until there will be. */
  take(now: number): { granted: true } | { granted: false; waitMs: number } {
    if (this.updatedAt !== undefined) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) * this.ratePerSecond) / 1000);
    }
    this.updatedAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { granted: true };
    }
    return { granted: false, waitMs: Math.ceil(((1 - this.tokens) * 1000) / this.ratePerSecond) };
  }
}
