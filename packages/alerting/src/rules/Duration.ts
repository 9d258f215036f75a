import { z } from 'zod';

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION = /^(\d+)(ms|s|m|h|d)$/;

/**
 * A duration in rule files: milliseconds as a number, or Prometheus-style text ('30s', '5m', '1h').
 * Always parsed to milliseconds so that evaluation only ever compares numbers.
 */
export const durationSchema = z.union([
  z.number().int().nonnegative(),
  z
    .string()
    .regex(DURATION, "expected a duration such as '500ms', '30s', '5m', '1h' or '1d'")
    .transform((text) => {
      const [, amount, unit] = DURATION.exec(text) as RegExpExecArray;
      return Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
    }),
]);
