import { z } from 'zod';

/** A time as epoch milliseconds or ISO-8601 text, parsed to epoch milliseconds. */
export const timeParam = z.union([z.number(), z.string()]).transform((value, context) => {
  const ms = typeof value === 'number' ? value : /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isSafeInteger(ms)) {
    context.addIssue({ code: 'custom', message: 'must be epoch milliseconds or an ISO-8601 time' });
    return z.NEVER;
  }
  return ms;
});
