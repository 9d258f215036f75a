import { InvalidArgumentError } from 'commander';

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
type Unit = keyof typeof UNIT_MS;

const DURATION = /^(?:\d+(?:ms|s|m|h|d|w))+$/;
const DURATION_PART = /(\d+)(ms|s|m|h|d|w)/g;
// A calendar date first: a bare number could be epoch seconds, milliseconds or a duration without unit.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** A duration such as `90s`, `15m`, `1h30m` or `7d`, in milliseconds; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(DURATION_PART))
    total += Number(amount) * UNIT_MS[unit as Unit];
  return total;
}

/**
 * A time given on the command line: an ISO-8601 time (`2024-05-01`, `2024-05-01T12:00:00Z`; without an
 * offset it is UTC for a date and local time for a date-time, as in JavaScript) or a duration before
 * `now` (`2h` is two hours ago).
 */
export function parseTimeArgument(text: string, now: Date): Date {
  const trimmed = text.trim();
  const duration = parseDuration(trimmed);
  if (duration !== undefined) return new Date(now.getTime() - duration);
  if (ISO_TIME.test(trimmed)) {
    const time = new Date(trimmed);
    if (!Number.isNaN(time.getTime())) return time;
  }
  throw new InvalidArgumentError(
    `expected an ISO-8601 time (2024-05-01T12:00:00Z) or a duration ago (90s, 15m, 2h, 7d, 1h30m), got '${text}'`,
  );
}
