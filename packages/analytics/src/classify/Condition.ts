import { z } from 'zod';
import { readPath } from '../internal/fieldPath.js';

/** A test on one field of a value, named by a dotted path (`properties.amount`). */
export interface FieldCondition {
  field: string;
  op: 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'contains' | 'exists' | 'matches';
  value?: unknown;
}

/** Field tests combined with all / any / not; declarative, so rules live in config files. */
export type Condition = FieldCondition | { all: Condition[] } | { any: Condition[] } | { not: Condition };

const fieldConditionSchema = z
  .object({
    field: z.string().min(1),
    op: z.enum(['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'contains', 'exists', 'matches']),
    value: z.unknown().optional(),
  })
  .strict()
  .superRefine((condition, ctx) => {
    const { op, value } = condition;
    const fail = (message: string) => ctx.addIssue({ code: 'custom', path: ['value'], message });
    if (['gt', 'gte', 'lt', 'lte'].includes(op) && typeof value !== 'number') fail(`${op} needs a number`);
    if (op === 'in' && !Array.isArray(value)) fail('in needs an array');
    if (op === 'matches') {
      if (typeof value !== 'string') fail('matches needs a regular expression string');
      else {
        try {
          new RegExp(value);
        } catch {
          fail(`not a valid regular expression: ${value}`);
        }
      }
    }
    if ((op === 'eq' || op === 'ne' || op === 'contains') && value === undefined) fail(`${op} needs a value`);
  });

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    fieldConditionSchema as z.ZodType<FieldCondition>,
    z.object({ all: z.array(conditionSchema).min(1) }).strict(),
    z.object({ any: z.array(conditionSchema).min(1) }).strict(),
    z.object({ not: conditionSchema }).strict(),
  ]),
);

/**
 * Compiles a validated condition into a predicate (regular expressions built once, not per value).
 * Comparisons never coerce types except numeric strings for gt/gte/lt/lte, since event properties
 * often carry amounts as strings.
 */
export function compileCondition(condition: Condition): (value: unknown) => boolean {
  if ('all' in condition) {
    const parts = condition.all.map(compileCondition);
    return (value) => parts.every((test) => test(value));
  }
  if ('any' in condition) {
    const parts = condition.any.map(compileCondition);
    return (value) => parts.some((test) => test(value));
  }
  if ('not' in condition) {
    const inner = compileCondition(condition.not);
    return (value) => !inner(value);
  }
  const { field, op, value: expected } = condition;
  const read = (value: unknown) => readPath(value, field);
  switch (op) {
    case 'eq':
      return (value) => read(value) === expected;
    case 'ne':
      return (value) => read(value) !== expected;
    case 'exists':
      return (value) => read(value) !== undefined && read(value) !== null;
    case 'in': {
      const allowed = new Set(expected as unknown[]);
      return (value) => allowed.has(read(value));
    }
    case 'contains':
      return (value) => {
        const found = read(value);
        if (typeof found === 'string') return typeof expected === 'string' && found.includes(expected);
        return Array.isArray(found) && found.includes(expected);
      };
    case 'matches': {
      const pattern = new RegExp(expected as string);
      return (value) => {
        const found = read(value);
        return typeof found === 'string' && pattern.test(found);
      };
    }
    default: {
      const limit = expected as number;
      const compare = {
        gt: (x: number) => x > limit,
        gte: (x: number) => x >= limit,
        lt: (x: number) => x < limit,
        lte: (x: number) => x <= limit,
      }[op];
      return (value) => {
        const found = read(value);
        const x = typeof found === 'string' && found.trim() !== '' ? Number(found) : found;
        return typeof x === 'number' && !Number.isNaN(x) && compare(x);
      };
    }
  }
}
