import { WaitForTimeoutError } from './errors.js';

export interface WaitForOptions {
  /** Give up after this long (default 15 s). */
  timeoutMs?: number;
  /** Pause between attempts (default 100 ms). */
  intervalMs?: number;
  /** What is awaited, for the timeout message: "3 records on events.enriched". */
  description?: string;
}

type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

/**
 * Polls `predicate` until it returns a truthy value, and returns that value. A predicate that throws
 * counts as "not yet" (so `expect` can be used inside), except for programmer errors (TypeError,
 * RangeError, ReferenceError), which fail at once. On timeout it throws WaitForTimeoutError naming
 * `description` and the last error, instead of letting jest's own timeout say nothing useful.
 */
export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  options: WaitForOptions = {},
): Promise<Truthy<T>> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const intervalMs = options.intervalMs ?? 100;
  const description = options.description ?? 'condition';
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value as Truthy<T>;
    } catch (error) {
      if (error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError)
        throw error;
      lastError = error;
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new WaitForTimeoutError(description, timeoutMs, lastError);
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, remaining)));
  }
}
