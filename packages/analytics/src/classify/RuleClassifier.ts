import { z } from 'zod';
import { parseConfig } from '../internal/parseConfig.js';
import { compileCondition, conditionSchema } from './Condition.js';
import type { Condition } from './Condition.js';

/** Tags a value gets when its condition holds (`high-value`, `suspicious-login`). */
export interface ClassificationRule {
  tag: string;
  when: Condition;
}

export const classificationRulesSchema = z
  .array(z.object({ tag: z.string().min(1), when: conditionSchema }).strict())
  .superRefine((rules, ctx) => {
    const seen = new Set<string>();
    rules.forEach((rule, i) => {
      if (seen.has(rule.tag))
        ctx.addIssue({ code: 'custom', path: [i, 'tag'], message: `duplicate tag ${rule.tag}` });
      seen.add(rule.tag);
    });
  });

/**
 * A rule-based classifier: every rule whose condition holds adds its tag, in rule order. Rules are
 * validated when the classifier is built (AnalyticsConfigError names the field, `rules[2].when.op`).
 */
export class RuleClassifier {
  private readonly compiled: ReadonlyArray<{ tag: string; test: (value: unknown) => boolean }>;

  constructor(rules: unknown) {
    const valid = parseConfig(classificationRulesSchema, rules, 'rules');
    this.compiled = valid.map((rule) => ({ tag: rule.tag, test: compileCondition(rule.when) }));
  }

  /** The tags of the rules that match, in rule order. */
  classify(value: unknown): string[] {
    return this.compiled.filter((rule) => rule.test(value)).map((rule) => rule.tag);
  }

  /** For DataStream.map: the value with its tags attached. */
  tagger<T extends object>(): (value: T) => T & { tags: string[] } {
    return (value) => ({ ...value, tags: this.classify(value) });
  }
}
