import { readFileSync } from 'node:fs';
import type { AlertingConfig, AlertRule } from '@streamforge/alerting';
import { AlertingConfigurationError, loadRuleFiles, parseAlertingConfig } from '@streamforge/alerting';
import type { AlertEngineConfig } from './config.js';

export interface AlertingSetup {
  alerting: AlertingConfig;
  rules: AlertRule[];
}

/**
 * Reads ALERTING_CONFIG_FILE and the rule files of RULES_DIR. Every bad value of both is reported, as
 * `<VARIABLE>: <file>: <field>: <reason>` lines, never with the value (channel settings hold secrets).
 */
export function loadAlertingSetup(
  config: Pick<AlertEngineConfig, 'ALERTING_CONFIG_FILE' | 'RULES_DIR'>,
): AlertingSetup | { problems: string[] } {
  const problems: string[] = [];
  let alerting: AlertingConfig = parseAlertingConfig({});
  if (config.ALERTING_CONFIG_FILE !== undefined) {
    const file = config.ALERTING_CONFIG_FILE;
    try {
      alerting = parseAlertingConfig(JSON.parse(readFileSync(file, 'utf8')), file);
    } catch (error) {
      if (error instanceof AlertingConfigurationError)
        problems.push(
          ...error.problems.map((p) => `ALERTING_CONFIG_FILE: ${p.source}: ${p.field}: ${p.message}`),
        );
      else
        problems.push(
          `ALERTING_CONFIG_FILE: ${file}: (file): cannot be read as JSON (${(error as Error).name})`,
        );
    }
  }
  let rules: AlertRule[] = [];
  try {
    // Against a configuration that failed, every route would read as unknown: check references only
    // when the configuration itself is good.
    const options = problems.length === 0 ? { config: alerting.processor } : {};
    rules = loadRuleFiles(config.RULES_DIR, options).map(({ rule }) => rule);
  } catch (error) {
    if (!(error instanceof AlertingConfigurationError)) throw error;
    problems.push(...error.problems.map((p) => `RULES_DIR: ${p.source}: ${p.field}: ${p.message}`));
  }
  return problems.length > 0 ? { problems } : { alerting, rules };
}
