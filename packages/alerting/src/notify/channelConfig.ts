import { z } from 'zod';
import { parseWith } from '../internal/parseWith.js';
import { EmailChannel } from './email/EmailChannel.js';
import type { NotificationChannel } from './NotificationChannel.js';
import { PagerDutyChannel } from './pagerduty/PagerDutyChannel.js';
import { SlackChannel } from './slack/SlackChannel.js';
import { SmsChannel } from './sms/SmsChannel.js';
import { WebhookChannel } from './webhook/WebhookChannel.js';

const common = {
  id: z.string().min(1),
  /** Deliveries per second this channel may make; bursts up to `burst`. */
  ratePerSecond: z.number().positive().optional(),
  burst: z.number().int().positive().optional(),
  timeoutMs: z.number().int().positive().optional(),
};
const httpUrl = z.url({ protocol: /^https?$/ });

export const channelConfigSchema = z.discriminatedUnion('type', [
  z.object({
    ...common,
    type: z.literal('email'),
    smtp: z.object({
      host: z.string().min(1),
      port: z.number().int().min(1).max(65_535),
      secure: z.boolean().optional(),
      requireTls: z.boolean().optional(),
      user: z.string().min(1).optional(),
      password: z.string().optional(),
      allowSelfSigned: z.boolean().optional(),
    }),
    from: z.string().min(3),
    to: z.array(z.string().min(3)).min(1),
  }),
  z.object({ ...common, type: z.literal('slack'), webhookUrl: httpUrl }),
  z.object({
    ...common,
    type: z.literal('pagerduty'),
    routingKey: z.string().min(1),
    eventsUrl: httpUrl.optional(),
    source: z.string().min(1).optional(),
  }),
  z.object({ ...common, type: z.literal('webhook'), url: httpUrl, secret: z.string().min(16) }),
  z.object({
    ...common,
    type: z.literal('sms'),
    baseUrl: httpUrl.optional(),
    accountSid: z.string().min(1),
    authToken: z.string().min(1),
    from: z.string().min(1),
    to: z.array(z.string().min(1)).min(1),
  }),
]);

export type ChannelConfig = z.output<typeof channelConfigSchema>;

/** Validates a channel definition. The error names the field, never the value (it may be a secret). */
export function parseChannelConfig(input: unknown): ChannelConfig {
  return parseWith('channel', channelConfigSchema, input);
}

/** Builds the channel a configuration describes. */
export function createChannel(config: ChannelConfig): NotificationChannel {
  switch (config.type) {
    case 'email': {
      const smtp = {
        ...config.smtp,
        ...(config.timeoutMs === undefined ? {} : { timeoutMs: config.timeoutMs }),
      };
      return new EmailChannel({ id: config.id, smtp, from: config.from, to: config.to });
    }
    case 'slack':
      return new SlackChannel(config);
    case 'pagerduty':
      return new PagerDutyChannel(config);
    case 'webhook':
      return new WebhookChannel(config);
    case 'sms':
      return new SmsChannel(config);
  }
}
