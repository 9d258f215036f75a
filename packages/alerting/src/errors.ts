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

/** An operation named a rule that is not loaded. */
export class RuleNotFoundError extends AlertingError {
  constructor(ruleId: string) {
    super(`no alert rule '${ruleId}'`, { code: 'RULE_NOT_FOUND', context: { rule: ruleId } });
  }
}

/** The API tried to change or delete a rule that a rule file owns; edit the file instead. */
export class RuleConflictError extends AlertingError {
  constructor(ruleId: string, reason: string) {
    super(`alert rule '${ruleId}': ${reason}`, { code: 'RULE_CONFLICT', context: { rule: ruleId } });
  }
}

/** An operation named a silence that does not exist (or was forgotten long after it ended). */
export class SilenceNotFoundError extends AlertingError {
  constructor(silenceId: string) {
    super(`no silence '${silenceId}'`, { code: 'SILENCE_NOT_FOUND' });
  }
}

/** One bad value in a rule file or the alerting configuration: where it is and what is wrong, never the value. */
export interface ConfigurationProblem {
  /** The file (or other source) the value came from. */
  source: string;
  /** Dotted path of the value inside it (`rules.0.severity`, `channels.1.url`). */
  field: string;
  message: string;
}

/**
 * Rule files or the alerting configuration were rejected. Every problem found is listed, so that an
 * operator fixes a deployment in one pass; the message has one line per problem.
 */
export class AlertingConfigurationError extends AlertingError {
  readonly problems: readonly ConfigurationProblem[];

  constructor(problems: readonly ConfigurationProblem[]) {
    super(problems.map((problem) => `${problem.source}: ${problem.field}: ${problem.message}`).join('\n'), {
      code: 'ALERTING_CONFIGURATION',
    });
    this.problems = problems;
  }
}
