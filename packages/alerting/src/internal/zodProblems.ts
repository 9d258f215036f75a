import type { z } from 'zod';
import type { ConfigurationProblem } from '../errors.js';

type Issue = z.core.$ZodIssue;

/**
 * A union (a duration: milliseconds or text) reports only "Invalid input"; the branch that got past
 * the type check says what is really wrong ("expected a duration such as '30s'").
 */
function messageOf(issue: Issue): string {
  if (issue.code === 'invalid_union') {
    for (const branch of issue.errors) {
      const specific = branch.find((inner) => inner.code !== 'invalid_type');
      if (specific !== undefined) return messageOf(specific);
    }
  }
  return issue.message;
}

/** Every issue of a failed parse as a problem line; the input value never appears (it may be a secret). */
export function zodProblems(source: string, error: z.ZodError, pathPrefix = ''): ConfigurationProblem[] {
  return error.issues.map((issue) => ({
    source,
    field: [pathPrefix, issue.path.map(String).join('.')].filter((part) => part !== '').join('.') || '(root)',
    message: messageOf(issue),
  }));
}
