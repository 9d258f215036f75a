import { postHttp } from '../http/postHttp.js';
import type { Notification } from '../Notification.js';
import type { DeliveryResult, NotificationChannel } from '../NotificationChannel.js';
import { SIGNATURE_HEADER, signWebhookBody, TIMESTAMP_HEADER } from './webhookSignature.js';

export interface WebhookChannelOptions {
  id: string;
  url: string;
  /** The HMAC key shared with the receiver. */
  secret: string;
  timeoutMs?: number;
  /** Signing time; Date.now unless a test pins it. */
  clock?: () => number;
}

/** The generic webhook body: versioned, so that receivers can tell formats apart. */
export function webhookPayload(notification: Notification): Record<string, unknown> {
  return { version: '1', ...notification };
}

/** A JSON POST signed with HMAC-SHA256 (see webhookSignature.ts), plus an Idempotency-Key header. */
export class WebhookChannel implements NotificationChannel {
  readonly type = 'webhook' as const;
  readonly id: string;

  constructor(private readonly options: WebhookChannelOptions) {
    this.id = options.id;
  }

  send(notification: Notification): Promise<DeliveryResult> {
    const body = JSON.stringify(webhookPayload(notification));
    const timestamp = (this.options.clock ?? Date.now)();
    const url = new URL(this.options.url);
    return postHttp({
      channel: this.id,
      url: this.options.url,
      headers: {
        'content-type': 'application/json',
        'idempotency-key': notification.idempotencyKey,
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signWebhookBody(this.options.secret, timestamp, body),
      },
      body,
      timeoutMs: this.options.timeoutMs ?? 10_000,
      // Tokens often ride in the path or query of webhook URLs.
      secrets: [this.options.secret, this.options.url, url.pathname + url.search, url.password],
    });
  }
}
