import type { ProcessorConfig } from '../processing/ProcessorConfig.js';
import type { AlertRule } from './AlertRule.js';

/**
 * What a rule names that the configuration lacks: an escalation policy or a route. The `default` route
 * needs no configuration (its alerts are grouped and recorded, and sent nowhere).
 */
export function ruleReferenceProblems(
  rule: AlertRule,
  config: ProcessorConfig,
): Array<{ field: string; message: string }> {
  const problems: Array<{ field: string; message: string }> = [];
  if (rule.route !== 'default' && !config.routes.some((route) => route.id === rule.route))
    problems.push({ field: 'route', message: `unknown route '${rule.route}'` });
  if (
    rule.escalationPolicy !== undefined &&
    !config.escalationPolicies.some((policy) => policy.id === rule.escalationPolicy)
  )
    problems.push({
      field: 'escalationPolicy',
      message: `unknown escalation policy '${rule.escalationPolicy}'`,
    });
  return problems;
}
