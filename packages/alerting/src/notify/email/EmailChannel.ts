import type { Transporter } from 'nodemailer';
import { createTransport } from 'nodemailer';
import { DeliveryError } from '../../errors.js';
import type { Notification } from '../Notification.js';
import type { DeliveryResult, NotificationChannel } from '../NotificationChannel.js';
import { DELIVERED } from '../NotificationChannel.js';
import { renderText } from '../renderText.js';

export interface EmailChannelOptions {
  id: string;
  smtp: {
    host: string;
    port: number;
    /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
    secure?: boolean;
    requireTls?: boolean;
    user?: string;
    password?: string;
    /** Accept self-signed certificates (test relays only). */
    allowSelfSigned?: boolean;
    timeoutMs?: number;
  };
  from: string;
  to: readonly string[];
}

export const EMAIL_IDEMPOTENCY_HEADER = 'X-StreamForge-Idempotency-Key';

/**
 * Email over SMTP with nodemailer. The Message-ID is derived from the idempotency key, so mail systems
 * (and the header, for people) can recognise a retried message as the same one.
 */
export class EmailChannel implements NotificationChannel {
  readonly type = 'email' as const;
  readonly id: string;
  private readonly transport: Transporter;

  constructor(private readonly options: EmailChannelOptions) {
    this.id = options.id;
    const { smtp } = options;
    const timeout = smtp.timeoutMs ?? 15_000;
    this.transport = createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure ?? false,
      requireTLS: smtp.requireTls ?? false,
      auth: smtp.user === undefined ? undefined : { user: smtp.user, pass: smtp.password ?? '' },
      tls: { rejectUnauthorized: !(smtp.allowSelfSigned ?? false) },
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
      // nodemailer's own logger could print the AUTH exchange; it stays off.
      logger: false,
      debug: false,
    });
  }

  async send(notification: Notification): Promise<DeliveryResult> {
    try {
      await this.transport.sendMail({
        from: this.options.from,
        to: [...this.options.to],
        subject: notification.title,
        text: renderText(notification),
        messageId: `<${notification.idempotencyKey}@streamforge>`,
        headers: { [EMAIL_IDEMPOTENCY_HEADER]: notification.idempotencyKey },
      });
      return DELIVERED;
    } catch (error) {
      return classifySmtpError(this.id, error);
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

/**
 * SMTP replies: 4xx are transient, 5xx permanent; connection trouble is transient; failed AUTH is not.
 * The message is ours (code and reply code only): nodemailer's can quote the server's reply verbatim.
 */
function classifySmtpError(channel: string, error: unknown): DeliveryResult {
  const { code, responseCode } = error as { code?: string; responseCode?: number };
  const detail = `smtp ${code ?? 'error'}${responseCode === undefined ? '' : ` ${responseCode}`}`;
  if (code === 'EAUTH') return { retry: false, error: new DeliveryError(channel, 'auth', detail, false) };
  if (responseCode !== undefined && responseCode >= 500) {
    return { retry: false, error: new DeliveryError(channel, 'rejected', detail, false) };
  }
  if (responseCode !== undefined && responseCode >= 400) {
    return { retry: true, error: new DeliveryError(channel, 'server_error', detail, true) };
  }
  if (code === 'ETIMEDOUT')
    return { retry: true, error: new DeliveryError(channel, 'timeout', detail, true) };
  return { retry: true, error: new DeliveryError(channel, 'connection', detail, true) };
}
