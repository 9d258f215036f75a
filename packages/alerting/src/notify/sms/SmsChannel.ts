import { postHttp } from '../http/postHttp.js';
import type { Notification } from '../Notification.js';
import type { DeliveryResult, NotificationChannel } from '../NotificationChannel.js';
import { renderShortText } from '../renderText.js';

export interface SmsChannelOptions {
  id: string;
  /** https://api.twilio.com, or any server speaking the same API. */
  baseUrl?: string;
  accountSid: string;
  authToken: string;
  from: string;
  to: readonly string[];
  timeoutMs?: number;
}

/** Twilio's limit for one (concatenated) message body. */
const MAX_BODY = 1600;

/**
 * SMS through Twilio's Messages API: a form-encoded POST to /2010-04-01/Accounts/{sid}/Messages.json
 * with basic auth, one per recipient, answered 201. Each recipient gets its own idempotency key, so
 * that a retry after a partial failure lets the receiver drop the recipients already sent to.
 */
export class SmsChannel implements NotificationChannel {
  readonly type = 'sms' as const;
  readonly id: string;

  constructor(private readonly options: SmsChannelOptions) {
    this.id = options.id;
  }

  async send(notification: Notification): Promise<DeliveryResult> {
    const { accountSid, authToken } = this.options;
    const base = (this.options.baseUrl ?? 'https://api.twilio.com').replace(/\/+$/, '');
    const url = `${base}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
    const authorization = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    const body = renderShortText(notification, MAX_BODY);
    for (const [index, to] of this.options.to.entries()) {
      const result = await postHttp({
        channel: this.id,
        url,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization,
          'idempotency-key': `${notification.idempotencyKey}-${index}`,
        },
        body: new URLSearchParams({ To: to, From: this.options.from, Body: body }).toString(),
        timeoutMs: this.options.timeoutMs ?? 10_000,
        secrets: [authToken, authorization],
      });
      if (result.error !== undefined) return result;
    }
    return { retry: false };
  }
}
