import { z } from 'zod';
import type { Labels } from '../alert/Labels.js';

/**
 * One label matcher, as in Alertmanager: `=` equal, `!=` not equal, `=~` regex (anchored), `!~` not
 * regex. A missing label reads as the empty string.
 */
export const matcherSchema = z.object({
  name: z.string().min(1),
  op: z.enum(['=', '!=', '=~', '!~']).default('='),
  value: z.string(),
});

export type Matcher = z.output<typeof matcherSchema>;

/** Patterns compiled once per distinct source: matchers are evaluated for every alert on every step. */
const compiled = new Map<string, RegExp>();

function anchored(source: string): RegExp {
  let regex = compiled.get(source);
  if (regex === undefined) {
    regex = new RegExp(`^(?:${source})$`);
    compiled.set(source, regex);
  }
  return regex;
}

export function matcherMatches(matcher: Matcher, labels: Labels): boolean {
  const actual = labels[matcher.name] ?? '';
  switch (matcher.op) {
    case '=':
      return actual === matcher.value;
    case '!=':
      return actual !== matcher.value;
    case '=~':
      return anchored(matcher.value).test(actual);
    case '!~':
      return !anchored(matcher.value).test(actual);
  }
}

/** True when every matcher matches; an empty list matches everything. */
export function allMatch(matchers: readonly Matcher[], labels: Labels): boolean {
  return matchers.every((matcher) => matcherMatches(matcher, labels));
}

/** A zod refinement that rejects regex matchers whose pattern does not compile. */
export function isValidMatcher(matcher: Matcher): boolean {
  if (matcher.op === '=' || matcher.op === '!=') return true;
  try {
    anchored(matcher.value);
    return true;
  } catch {
    return false;
  }
}
