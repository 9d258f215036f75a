import { z } from 'zod';
import { labelsEqualOn } from '../alert/Labels.js';
import type { Muter } from '../mute/Muter.js';
import type { AlertRecord, SuppressionReason } from '../processing/AlertRecord.js';
import { alertMatchLabels, isActive } from '../processing/AlertRecord.js';
import { allMatch, isValidMatcher, matcherSchema } from '../rules/Matcher.js';

const matchers = z.array(matcherSchema.refine(isValidMatcher, 'regex does not compile'));

/**
 * Alertmanager's inhibit rule: while an active alert matches `source`, alerts matching `target` that
 * have the same values for every `equal` label are muted. `severity` and `alertname` are matchable.
 */
export const inhibitRuleSchema = z.object({
  source: matchers.min(1),
  target: matchers.min(1),
  equal: z.array(z.string().min(1)).default([]),
});

export type InhibitRule = z.output<typeof inhibitRuleSchema>;

/** The rule the issue asks for: a critical alert mutes lower-severity alerts that agree on `equal`. */
export function criticalInhibitsLower(equal: readonly string[]): InhibitRule {
  return {
    source: [{ name: 'severity', op: '=', value: 'critical' }],
    target: [{ name: 'severity', op: '!=', value: 'critical' }],
    equal: [...equal],
  };
}

/**
 * The Muter for inhibition. As in Alertmanager, any unresolved source inhibits (also a silenced or
 * acknowledged one: it is still firing), and an alert never inhibits itself.
 */
export class Inhibitor implements Muter {
  constructor(
    private readonly rules: readonly InhibitRule[],
    private readonly alerts: () => Iterable<AlertRecord>,
  ) {}

  mutedBy(alert: AlertRecord, _now: number): SuppressionReason | undefined {
    const targetLabels = alertMatchLabels(alert);
    const sources = new Set<string>();
    for (const rule of this.rules) {
      if (!allMatch(rule.target, targetLabels)) continue;
      for (const candidate of this.alerts()) {
        if (candidate.fingerprint === alert.fingerprint || !isActive(candidate)) continue;
        const sourceLabels = alertMatchLabels(candidate);
        if (allMatch(rule.source, sourceLabels) && labelsEqualOn(sourceLabels, targetLabels, rule.equal)) {
          sources.add(candidate.fingerprint);
        }
      }
    }
    return sources.size > 0 ? { kind: 'inhibition', sourceFingerprints: [...sources].sort() } : undefined;
  }
}
