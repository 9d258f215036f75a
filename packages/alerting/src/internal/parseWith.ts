import type { z } from 'zod';
import { AlertingValidationError } from '../errors.js';

/**
 * Parses with a zod schema and turns the first issue into an AlertingValidationError whose `field` is
 * the dotted path (`levels.1.delayMs`), so that a bad file or API body points at the exact value.
 */
export function parseWith<Schema extends z.ZodType>(
  what: string,
  schema: Schema,
  input: unknown,
  pathPrefix = '',
): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  const field = [pathPrefix, path].filter((part) => part !== '').join('.') || '(root)';
  throw new AlertingValidationError(what, field, issue?.message ?? 'invalid');
}
