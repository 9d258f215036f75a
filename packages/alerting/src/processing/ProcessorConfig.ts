import { z } from 'zod';
import { inhibitRuleSchema } from '../inhibit/Inhibitor.js';
import { parseWith } from '../internal/parseWith.js';
import { durationSchema } from '../rules/Duration.js';

/**
 * A notification route, as an Alertmanager route without the tree: alerts of the rules that name it
 * are grouped by `groupBy` and the groups are sent to `channels`.
 */
export const routeSchema = z.object({
  id: z.string().min(1),
  channels: z.array(z.string().min(1)).default([]),
  groupBy: z.array(z.string().min(1)).default(['alertname']),
  /** How long a new group waits for more alerts before its first notification. */
  groupWait: durationSchema.default(30_000),
  /** How long a group waits before notifying about alerts added or resolved since its last notification. */
  groupInterval: durationSchema.default(300_000),
  /** How long before an unchanged, still-firing group is notified again. */
  repeatInterval: durationSchema.default(14_400_000),
  sendResolved: z.boolean().default(true),
});

export const escalationPolicySchema = z.object({
  id: z.string().min(1),
  levels: z
    .array(
      z.object({
        /** Delay after the previous level (after the trigger for the first level). */
        delayMs: durationSchema,
        channels: z.array(z.string().min(1)).min(1),
      }),
    )
    .min(1),
});

export const processorConfigSchema = z.object({
  routes: z.array(routeSchema).default([]),
  escalationPolicies: z.array(escalationPolicySchema).default([]),
  inhibitRules: z.array(inhibitRuleSchema).default([]),
  /** How long a resolved alert stays in memory (time-based suppression needs its last trigger time). */
  retainResolved: durationSchema.default(86_400_000),
});

export type Route = z.output<typeof routeSchema>;
export type EscalationPolicy = z.output<typeof escalationPolicySchema>;
export type ProcessorConfig = z.output<typeof processorConfigSchema>;
export type ProcessorConfigInput = z.input<typeof processorConfigSchema>;

export function parseProcessorConfig(input: unknown): ProcessorConfig {
  return parseWith('alert processor config', processorConfigSchema, input);
}

/** Used for rules that name a route nobody configured: grouped per rule, sent nowhere, never lost. */
export const FALLBACK_ROUTE: Route = routeSchema.parse({ id: 'default' });
