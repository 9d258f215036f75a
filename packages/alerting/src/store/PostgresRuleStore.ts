import type { Pool, PoolClient } from 'pg';
import type { AlertRule } from '../rules/AlertRule.js';
import { parseRule } from '../rules/parseRule.js';
import type { RuleEvaluatorState, SeriesState } from '../rules/RuleEvaluator.js';

/** Who owns a rule: a rule file (changed only by editing it) or the API. */
export type RuleSource = 'file' | 'api';

export interface StoredRule {
  rule: AlertRule;
  source: RuleSource;
}

/**
 * Rules (alert_rules) and rule evaluation state (alert_evaluator_state) in Postgres. Writes take the
 * caller's transaction client, so that they commit with the alerts and offsets of the same step.
 */
export class PostgresRuleStore {
  constructor(private readonly pool: Pool) {}

  async loadRules(): Promise<StoredRule[]> {
    const result = await this.pool.query<{ definition: unknown; source: RuleSource }>(
      `SELECT definition, source FROM alert_rules ORDER BY id`,
    );
    // Stored definitions were validated when written; parsing again re-applies defaults added since.
    return result.rows.map((row) => ({ rule: parseRule(row.definition), source: row.source }));
  }

  async upsertRule(client: PoolClient, rule: AlertRule, source: RuleSource): Promise<void> {
    await client.query(
      `INSERT INTO alert_rules (id, definition, source) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET definition = EXCLUDED.definition, source = EXCLUDED.source, updated_at = now()`,
      [rule.id, JSON.stringify(rule), source],
    );
  }

  async deleteRule(client: PoolClient, ruleId: string): Promise<void> {
    await client.query(`DELETE FROM alert_rules WHERE id = $1`, [ruleId]);
  }

  async loadEvaluatorState(): Promise<RuleEvaluatorState> {
    const result = await this.pool.query<{ rule: string; series: Record<string, SeriesState> }>(
      `SELECT rule, series FROM alert_evaluator_state`,
    );
    return Object.fromEntries(result.rows.map((row) => [row.rule, row.series]));
  }

  /** Upserts the series of the rules that changed and deletes the state of rules that are gone. */
  async writeEvaluatorState(
    client: PoolClient,
    changed: Readonly<Record<string, string>>,
    removed: readonly string[],
  ): Promise<void> {
    if (removed.length > 0)
      await client.query(`DELETE FROM alert_evaluator_state WHERE rule = ANY($1)`, [[...removed]]);
    const rows = Object.entries(changed).map(([rule, series]) => ({
      rule,
      series: JSON.parse(series) as unknown,
    }));
    if (rows.length === 0) return;
    await client.query(
      `INSERT INTO alert_evaluator_state (rule, series)
       SELECT r.rule, r.series FROM jsonb_to_recordset($1::jsonb) AS r(rule text, series jsonb)
       ON CONFLICT (rule) DO UPDATE SET series = EXCLUDED.series, updated_at = now()`,
      [JSON.stringify(rows)],
    );
  }
}
