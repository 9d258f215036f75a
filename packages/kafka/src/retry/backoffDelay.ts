/** Exponential backoff between attempts; each retry tier waits longer than the one before. */
export interface BackoffOptions {
  /** Wait before the first retry (`<topic>.retry.1`). */
  initialMs: number;
  /** Growth per tier: retry n waits initialMs * multiplier^(n-1). */
  multiplier: number;
  /** Cap on any single wait, so a long chain of tiers cannot park a record for days. */
  maxMs: number;
}

/** Production default; tests pass short ones (initialMs 200) so scenarios stay fast. */
export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1_000, multiplier: 4, maxMs: 300_000 };

/** How long a record waits on `<topic>.retry.<retry>` before it is tried again. */
export function backoffDelay(backoff: BackoffOptions, retry: number): number {
  return Math.min(backoff.maxMs, Math.round(backoff.initialMs * backoff.multiplier ** (retry - 1)));
}
