import { AlertingValidationError } from '../errors.js';
import { parseWith } from '../internal/parseWith.js';
import type { AlertRule } from './AlertRule.js';
import { alertRuleSchema } from './AlertRule.js';

/** Validates one rule (from a file or the API); throws AlertingValidationError naming the field. */
export function parseRule(input: unknown): AlertRule {
  return parseWith('alert rule', alertRuleSchema, input);
}

/** Validates a list of rules; fields are named `rules.<index>.<path>` and rule ids must be unique. */
export function parseRules(input: unknown): AlertRule[] {
  if (!Array.isArray(input)) throw new AlertingValidationError('alert rules', 'rules', 'expected an array');
  const seen = new Set<string>();
  return input.map((entry, index) => {
    const rule = parseWith('alert rule', alertRuleSchema, entry, `rules.${index}`);
    if (seen.has(rule.id)) {
      throw new AlertingValidationError('alert rule', `rules.${index}.id`, `duplicate rule id '${rule.id}'`);
    }
    seen.add(rule.id);
    return rule;
  });
}
