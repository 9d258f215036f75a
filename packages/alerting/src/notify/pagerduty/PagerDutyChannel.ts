import type { Severity } from '../../alert/Severity.js';
import { postHttp } from '../http/postHttp.js';
import type { Notification } from '../Notification.js';
import type { DeliveryResult, NotificationChannel } from '../NotificationChannel.js';

export interface PagerDutyChannelOptions {
  id: string;
  /** The integration's routing key (a credential). */
  routingKey: string;
  /** https://events.pagerduty.com/v2/enqueue unless a test or proxy says otherwise. */
  eventsUrl?: string;
  /** payload.source: the system the alert is about. */
  source?: string;
  timeoutMs?: number;
}

/** PagerDuty has four severities; ours map onto them. */
const PD_SEVERITY: Record<Severity, 'critical' | 'error' | 'warning' | 'info'> = {
  critical: 'critical',
  high: 'error',
  medium: 'warning',
  low: 'warning',
  info: 'info',
};

/**
 * An Events API v2 event. `dedup_key` ties trigger, acknowledge and resolve to one incident;
 * acknowledge and resolve carry no payload, as the API specifies.
 */
export function pagerDutyEvent(
  notification: Notification,
  routingKey: string,
  source: string,
): Record<string, unknown> {
  const event: Record<string, unknown> = {
    routing_key: routingKey,
    event_action: notification.action,
    dedup_key: notification.dedupKey,
  };
  if (notification.action !== 'trigger') return event;
  const first = notification.alerts[0];
  event.payload = {
    summary: notification.title.slice(0, 1024),
    source,
    severity: PD_SEVERITY[notification.severity],
    timestamp: new Date(first?.startsAt ?? notification.createdAt).toISOString(),
    component: first?.labels.service,
    group: first?.ruleId,
    class: notification.kind,
    custom_details: {
      idempotency_key: notification.idempotencyKey,
      group_labels: notification.groupLabels,
      alerts: notification.alerts,
    },
  };
  event.client = 'StreamForge';
  return event;
}

/** PagerDuty Events API v2: answered 202 when the event is queued. */
export class PagerDutyChannel implements NotificationChannel {
  readonly type = 'pagerduty' as const;
  readonly id: string;

  constructor(private readonly options: PagerDutyChannelOptions) {
    this.id = options.id;
  }

  send(notification: Notification): Promise<DeliveryResult> {
    const event = pagerDutyEvent(notification, this.options.routingKey, this.options.source ?? 'streamforge');
    return postHttp({
      channel: this.id,
      url: this.options.eventsUrl ?? 'https://events.pagerduty.com/v2/enqueue',
      headers: { 'content-type': 'application/json', 'idempotency-key': notification.idempotencyKey },
      body: JSON.stringify(event),
      timeoutMs: this.options.timeoutMs ?? 10_000,
      secrets: [this.options.routingKey],
    });
  }
}
