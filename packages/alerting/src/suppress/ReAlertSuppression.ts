import type { SuppressionReason } from '../processing/AlertRecord.js';
import type { SuppressionRule } from '../rules/AlertRule.js';

/**
 * Decides whether a new episode of an alert is suppressed by its rule's re-alert limits:
 * `time_based` — the same alert alerted less than `window` ago; `count_based` — the rule already
 * alerted `maxAlerts` times within `window` (an alert storm). Only episodes that did alert count.
 */
export function reAlertSuppression(
  rules: readonly SuppressionRule[],
  now: number,
  lastAlertedAt: number | undefined,
  ruleAlertTimes: readonly number[],
): SuppressionReason | undefined {
  for (const rule of rules) {
    if (rule.type === 'time_based' && lastAlertedAt !== undefined && now - lastAlertedAt < rule.window) {
      return { kind: 'time_based', windowMs: rule.window };
    }
    if (rule.type === 'count_based') {
      const recent = ruleAlertTimes.filter((at) => now - at < rule.window).length;
      if (recent >= rule.maxAlerts)
        return { kind: 'count_based', maxAlerts: rule.maxAlerts, windowMs: rule.window };
    }
  }
  return undefined;
}

/** The alert times still inside the longest count window; older ones can never matter again. */
export function pruneAlertTimes(
  rules: readonly SuppressionRule[],
  now: number,
  times: readonly number[],
): number[] {
  const longest = Math.max(
    0,
    ...rules.filter((rule) => rule.type === 'count_based').map((rule) => rule.window),
  );
  return times.filter((at) => now - at < longest);
}
