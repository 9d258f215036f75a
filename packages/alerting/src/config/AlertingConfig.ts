import { z } from 'zod';
import type { ConfigurationProblem } from '../errors.js';
import { AlertingConfigurationError } from '../errors.js';
import { zodProblems } from '../internal/zodProblems.js';
import type { ChannelConfig } from '../notify/channelConfig.js';
import { channelConfigSchema } from '../notify/channelConfig.js';
import type { ProcessorConfig } from '../processing/ProcessorConfig.js';
import { processorConfigSchema } from '../processing/ProcessorConfig.js';

/**
 * The alerting configuration a deployment gives the alert-engine (one JSON file): routes, escalation
 * policies, inhibit rules and the channels they name, with each channel's credentials and rate limit.
 */
export const alertingConfigSchema = processorConfigSchema.extend({
  channels: z.array(channelConfigSchema).default([]),
});

export interface AlertingConfig {
  processor: ProcessorConfig;
  channels: ChannelConfig[];
}

/**
 * Validates the configuration and that every route and escalation level names a configured channel, so
 * that a typo fails the start instead of leaving notifications pending forever. Throws
 * AlertingConfigurationError listing every bad value, named by field and never echoed.
 */
export function parseAlertingConfig(input: unknown, source = 'alerting config'): AlertingConfig {
  const parsed = alertingConfigSchema.safeParse(input);
  if (!parsed.success) throw new AlertingConfigurationError(zodProblems(source, parsed.error));
  const { channels, ...processor } = parsed.data;
  const problems: ConfigurationProblem[] = [];
  const channelIds = new Set<string>();
  channels.forEach((channel, index) => {
    if (channelIds.has(channel.id))
      problems.push({
        source,
        field: `channels.${index}.id`,
        message: `duplicate channel id '${channel.id}'`,
      });
    channelIds.add(channel.id);
  });
  const unknown = (field: string, channel: string) =>
    problems.push({ source, field, message: `unknown channel '${channel}'` });
  processor.routes.forEach((route, r) =>
    route.channels.forEach((channel, c) => {
      if (!channelIds.has(channel)) unknown(`routes.${r}.channels.${c}`, channel);
    }),
  );
  processor.escalationPolicies.forEach((policy, p) =>
    policy.levels.forEach((level, l) =>
      level.channels.forEach((channel, c) => {
        if (!channelIds.has(channel)) unknown(`escalationPolicies.${p}.levels.${l}.channels.${c}`, channel);
      }),
    ),
  );
  if (problems.length > 0) throw new AlertingConfigurationError(problems);
  return { processor, channels };
}
