import type { DeliveryError } from '../errors.js';
import type { Notification } from './Notification.js';

/**
 * The outcome of one delivery attempt. No error means delivered. With an error, `retry` says whether
 * another attempt can succeed (timeouts, 5xx, 429) or not (a rejected payload, bad credentials).
 */
export type DeliveryResult = { retry: false; error?: undefined } | { retry: boolean; error: DeliveryError };

export const DELIVERED: DeliveryResult = { retry: false };

/**
 * One configured destination (an SMTP relay and its recipients, a Slack webhook …). Implementations
 * hold the secrets and must keep them out of every error message and log line they produce.
 */
export interface NotificationChannel {
  readonly id: string;
  readonly type: 'email' | 'slack' | 'pagerduty' | 'webhook' | 'sms';
  send(notification: Notification): Promise<DeliveryResult>;
  close?(): Promise<void>;
}

/** Structural subset of pino's logger (what @streamforge/telemetry's createLogger returns). */
export interface AlertingLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}
