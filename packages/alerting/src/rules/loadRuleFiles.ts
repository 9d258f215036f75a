import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { ConfigurationProblem } from '../errors.js';
import { AlertingConfigurationError } from '../errors.js';
import { zodProblems } from '../internal/zodProblems.js';
import type { ProcessorConfig } from '../processing/ProcessorConfig.js';
import type { AlertRule } from './AlertRule.js';
import { alertRuleSchema } from './AlertRule.js';
import { ruleReferenceProblems } from './ruleReferences.js';

export interface LoadRuleFilesOptions {
  /** Rules must name only routes and escalation policies this configuration has. */
  config?: ProcessorConfig;
  /**
   * Parses `.yaml` / `.yml` files. Without one such files are rejected with a problem line, because a
   * file that is silently skipped is a rule that silently never fires.
   */
  parseYaml?: (text: string) => unknown;
}

/** A rule and the file it came from. */
export interface FileRule {
  file: string;
  rule: AlertRule;
}

const RULE_FILE = /\.(json|ya?ml)$/i;

/**
 * Loads every `*.json`, `*.yaml` and `*.yml` file of a folder, in name order. A file holds one rule, an
 * array of rules, or `{ "rules": [...] }`. Every bad value of every file is collected — file, field
 * path and reason — and thrown together as AlertingConfigurationError; rule ids must be unique across
 * the folder. Other files (a README) are ignored.
 */
export function loadRuleFiles(dir: string, options: LoadRuleFilesOptions = {}): FileRule[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    names = readdirSync(dir)
      .filter((name) => RULE_FILE.test(name))
      .sort();
  } catch {
    throw new AlertingConfigurationError([
      { source: dir, field: '(folder)', message: 'is not a readable folder' },
    ]);
  }
  const problems: ConfigurationProblem[] = [];
  const rules: FileRule[] = [];
  const seen = new Map<string, string>();
  for (const name of names) {
    const file = join(dir, name);
    const document = readDocument(file, options, problems);
    if (document === undefined) continue;
    const entries = Array.isArray(document.rules) ? document.rules : [document.rules];
    entries.forEach((entry, index) => {
      const prefix = Array.isArray(document.rules) ? `${document.prefix}${index}` : '';
      const parsed = alertRuleSchema.safeParse(entry);
      if (!parsed.success) {
        problems.push(...zodProblems(file, parsed.error, prefix));
        return;
      }
      const rule = parsed.data;
      const at = (field: string) => [prefix, field].filter((part) => part !== '').join('.');
      const earlier = seen.get(rule.id);
      if (earlier !== undefined) {
        problems.push({
          source: file,
          field: at('id'),
          message: `duplicate rule id '${rule.id}' (also in ${earlier})`,
        });
        return;
      }
      seen.set(rule.id, file);
      if (options.config !== undefined) {
        const references = ruleReferenceProblems(rule, options.config);
        for (const problem of references)
          problems.push({ source: file, field: at(problem.field), message: problem.message });
        if (references.length > 0) return;
      }
      rules.push({ file, rule });
    });
  }
  if (problems.length > 0) throw new AlertingConfigurationError(problems);
  return rules;
}

/** The file's rules value and the field prefix its entries are named by; undefined after a problem. */
function readDocument(
  file: string,
  options: LoadRuleFilesOptions,
  problems: ConfigurationProblem[],
): { rules: unknown; prefix: string } | undefined {
  let parsed: unknown;
  try {
    const text = readFileSync(file, 'utf8');
    if (extname(file).toLowerCase() === '.json') parsed = JSON.parse(text);
    else if (options.parseYaml !== undefined) parsed = options.parseYaml(text);
    else {
      problems.push({
        source: file,
        field: '(file)',
        message: 'YAML rule files are not supported here; write it as .json',
      });
      return undefined;
    }
  } catch (error) {
    problems.push({ source: file, field: '(file)', message: `cannot be parsed (${(error as Error).name})` });
    return undefined;
  }
  if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && 'rules' in parsed) {
    const rules = (parsed as { rules: unknown }).rules;
    if (!Array.isArray(rules)) {
      problems.push({ source: file, field: 'rules', message: 'must be an array of rules' });
      return undefined;
    }
    return { rules, prefix: 'rules.' };
  }
  return { rules: parsed, prefix: 'rules.' };
}
