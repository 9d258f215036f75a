import { z } from 'zod';
import { SEVERITIES } from '../alert/Severity.js';
import { durationSchema } from './Duration.js';
import { isValidMatcher, matcherSchema } from './Matcher.js';

const severitySchema = z.enum(SEVERITIES as ['critical', 'high', 'medium', 'low', 'info']);
const labelSetSchema = z.record(z.string().min(1), z.string());
const matchersSchema = z.array(matcherSchema.refine(isValidMatcher, 'regex does not compile')).default([]);

/** Re-alert protection, as in the reference spec: by time since the last trigger, or by count per window. */
export const suppressionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('time_based'), window: durationSchema }),
  z.object({
    type: z.literal('count_based'),
    window: durationSchema,
    maxAlerts: z.number().int().positive(),
  }),
]);

const ruleBase = {
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'letters, digits, . _ : - only'),
  name: z.string().min(1).optional(),
  enabled: z.boolean().default(true),
  severity: severitySchema,
  /** Static labels added to every alert of the rule (team, service …). */
  labels: labelSetSchema.default({}),
  summary: z.string().min(1).optional(),
  /** Which notification route groups and delivers this rule's alerts. */
  route: z.string().min(1).default('default'),
  escalationPolicy: z.string().min(1).optional(),
  suppression: z.array(suppressionSchema).default([]),
};

const comparisonSchema = z.enum(['>', '>=', '<', '<=', '==', '!=']);

export const thresholdRuleSchema = z.object({
  ...ruleBase,
  kind: z.literal('threshold'),
  metric: z.string().min(1),
  match: matchersSchema,
  op: comparisonSchema,
  threshold: z.number().finite(),
  /** How long the condition must hold, sample after sample, before the alert fires. */
  for: durationSchema.default(0),
  /** Sample labels that tell series apart; all of them when absent. */
  by: z.array(z.string().min(1)).optional(),
});

export const absenceRuleSchema = z.object({
  ...ruleBase,
  kind: z.literal('absence'),
  /** Which events count as a sign of life. */
  match: matchersSchema,
  /** Fire when no matching event has been seen for this long. */
  for: durationSchema.refine((ms) => ms > 0, 'must be positive'),
  by: z.array(z.string().min(1)).default([]),
});

export const anomalyRuleSchema = z.object({
  ...ruleBase,
  kind: z.literal('anomaly'),
  metric: z.string().min(1),
  detector: z.string().min(1).optional(),
  match: matchersSchema,
  /** The anomaly score at or above which the alert fires. */
  minScore: z.number().finite(),
  for: durationSchema.default(0),
  by: z.array(z.string().min(1)).optional(),
});

export const cepRuleSchema = z.object({
  ...ruleBase,
  kind: z.literal('cep'),
  patternId: z.string().min(1),
  /**
   * A match is an instant, not a state: the alert for a key resolves once no further match has come
   * for this long.
   */
  resolveAfter: durationSchema.default(300_000),
  /**
   * `key`: one alert per pattern and key, refreshed by every further match (dedup). `match`: every match
   * is its own incident (a fraud case to work through); it carries the match id as a label, keeps no
   * evaluation state and is resolved by a person, never by `resolveAfter`.
   */
  alertPer: z.enum(['key', 'match']).default('key'),
});

export const alertRuleSchema = z.discriminatedUnion('kind', [
  thresholdRuleSchema,
  absenceRuleSchema,
  anomalyRuleSchema,
  cepRuleSchema,
]);

/** A rule as written in a file or sent to the API, before defaults. */
export type AlertRuleInput = z.input<typeof alertRuleSchema>;
/** A validated rule: defaults applied, durations in milliseconds. */
export type AlertRule = z.output<typeof alertRuleSchema>;
export type ThresholdRule = z.output<typeof thresholdRuleSchema>;
export type AbsenceRule = z.output<typeof absenceRuleSchema>;
export type AnomalyRule = z.output<typeof anomalyRuleSchema>;
export type CepRule = z.output<typeof cepRuleSchema>;
export type SuppressionRule = z.output<typeof suppressionSchema>;
export type Comparison = z.output<typeof comparisonSchema>;
