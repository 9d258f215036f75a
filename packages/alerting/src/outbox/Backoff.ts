export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  multiplier: number;
  /** 0..1: the share of each delay that is randomised ("equal jitter" at 0.5, "full jitter" at 1). */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  initialMs: 1_000,
  maxMs: 300_000,
  multiplier: 2,
  jitter: 0.5,
};

/**
 * The delay before retry number `attempt` (1 = after the first failure): exponential, capped, with
 * jitter so that many notifications failing together (a receiver outage) do not retry in lockstep.
 * `random` is injected so that tests can pin it.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(
    options.maxMs,
    options.initialMs * options.multiplier ** Math.max(0, attempt - 1),
  );
  const jittered = exponential * (1 - options.jitter) + exponential * options.jitter * random();
  return Math.max(0, Math.round(jittered));
}
