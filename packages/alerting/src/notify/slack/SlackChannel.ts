import type { Severity } from '../../alert/Severity.js';
import { postHttp } from '../http/postHttp.js';
import type { Notification } from '../Notification.js';
import type { DeliveryResult, NotificationChannel } from '../NotificationChannel.js';

export interface SlackChannelOptions {
  id: string;
  /** The incoming-webhook URL. It is the credential: it is never logged or put in an error. */
  webhookUrl: string;
  timeoutMs?: number;
}

const COLORS: Record<Severity, string> = {
  critical: '#b00020',
  high: '#e65100',
  medium: '#f9a825',
  low: '#1565c0',
  info: '#607d8b',
};

/** The incoming-webhook body: `text` as the fallback, one attachment per alert with its labels. */
export function slackPayload(notification: Notification): Record<string, unknown> {
  return {
    text: notification.title,
    attachments: notification.alerts.map((alert) => ({
      color: alert.status === 'resolved' ? '#2e7d32' : COLORS[alert.severity],
      title: `${alert.status.toUpperCase()} ${alert.summary}`,
      fields: [
        { title: 'severity', value: alert.severity, short: true },
        { title: 'rule', value: alert.ruleId, short: true },
        ...Object.entries(alert.labels).map(([name, value]) => ({ title: name, value, short: true })),
      ],
      ts: Math.floor(alert.startsAt / 1000),
    })),
  };
}

/** Slack incoming webhooks: a JSON POST, answered 200 `ok`. */
export class SlackChannel implements NotificationChannel {
  readonly type = 'slack' as const;
  readonly id: string;

  constructor(private readonly options: SlackChannelOptions) {
    this.id = options.id;
  }

  send(notification: Notification): Promise<DeliveryResult> {
    return postHttp({
      channel: this.id,
      url: this.options.webhookUrl,
      headers: { 'content-type': 'application/json', 'idempotency-key': notification.idempotencyKey },
      body: JSON.stringify(slackPayload(notification)),
      timeoutMs: this.options.timeoutMs ?? 10_000,
      secrets: [this.options.webhookUrl, new URL(this.options.webhookUrl).pathname],
    });
  }
}
