/** Context that helps find the cause without carrying secrets: ids and names only, never URLs or tokens. */
export interface AlertingErrorContext {
  rule?: string;
  field?: string;
  channel?: string;
  fingerprint?: string;
}

/**
 * Base of every error this package throws. `retriable` tells the outbox whether another attempt can
 * succeed; programmer and configuration errors are never retried.
 */
export class AlertingError extends Error {
  readonly code: string;
  readonly retriable: boolean;
  readonly context: AlertingErrorContext;

  constructor(
    message: string,
    options: { code: string; retriable?: boolean; cause?: unknown; context?: AlertingErrorContext },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.retriable = options.retriable ?? false;
    this.context = options.context ?? {};
  }
}

/** A rule, silence, policy or channel definition failed validation; `field` is the offending path. */
export class AlertingValidationError extends AlertingError {
  readonly field: string;

  constructor(what: string, field: string, reason: string) {
    super(`invalid ${what}: ${field}: ${reason}`, { code: 'ALERTING_VALIDATION', context: { field } });
    this.field = field;
  }
}

/** An operation named an alert that is not known (or no longer active). */
export class AlertNotFoundError extends AlertingError {
  constructor(fingerprint: string) {
    super(`no alert with fingerprint ${fingerprint}`, { code: 'ALERT_NOT_FOUND', context: { fingerprint } });
  }
}

/** A lifecycle transition that the state machine does not allow (e.g. acknowledging a resolved alert). */
export class InvalidTransitionError extends AlertingError {
  constructor(fingerprint: string, from: string, to: string) {
    super(`alert ${fingerprint} cannot go from ${from} to ${to}`, {
      code: 'ALERT_INVALID_TRANSITION',
      context: { fingerprint },
    });
  }
}

/**
 * Bounded reasons a delivery failed, for metric labels and the outbox's last_error column. The message
 * beside it is written by us and never includes the target URL, token or SMTP credentials.
 */
export type DeliveryFailureCategory =
  'timeout' | 'connection' | 'rate_limited' | 'server_error' | 'rejected' | 'auth' | 'config';

/** One failed delivery attempt to a channel. */
export class DeliveryError extends AlertingError {
  readonly category: DeliveryFailureCategory;

  constructor(channel: string, category: DeliveryFailureCategory, detail: string, retriable: boolean) {
    super(`${channel}: ${category}: ${detail}`, { code: 'ALERT_DELIVERY', retriable, context: { channel } });
    this.category = category;
  }
}
