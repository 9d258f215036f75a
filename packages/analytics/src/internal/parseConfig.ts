import type { z } from 'zod';
import { AnalyticsConfigError } from '../errors.js';

/** `metrics[0].window.sizeMs` from zod's ['metrics', 0, 'window', 'sizeMs']. */
export function fieldPathOf(path: ReadonlyArray<PropertyKey>): string {
  let text = '';
  for (const step of path) {
    if (typeof step === 'number') text += `[${step}]`;
    else text += text === '' ? String(step) : `.${String(step)}`;
  }
  return text === '' ? '(root)' : text;
}

/** Validates `input` with `schema`, or throws one AnalyticsConfigError naming every bad field. */
export function parseConfig<S extends z.ZodType>(schema: S, input: unknown, root = ''): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new AnalyticsConfigError(
    result.error.issues.map((issue) => ({
      field: root === '' ? fieldPathOf(issue.path) : fieldPathOf([root, ...issue.path]),
      message: issue.message,
    })),
  );
}
