export type { Alert, AlertStatus } from './alert/Alert.js';
export { alertFromMatch, fingerprint } from './alert/Alert.js';
export type { Labels } from './alert/Labels.js';
export { alertFingerprint, labelsEqualOn, pickLabels } from './alert/Labels.js';
export type { Severity } from './alert/Severity.js';
export { SEVERITIES, severityRank } from './alert/Severity.js';
export {
  AlertingError,
  AlertingValidationError,
  AlertNotFoundError,
  DeliveryError,
  InvalidTransitionError,
} from './errors.js';
export type { AlertingErrorContext, DeliveryFailureCategory } from './errors.js';

export type {
  AbsenceRule,
  AlertRule,
  AlertRuleInput,
  AnomalyRule,
  CepRule,
  Comparison,
  SuppressionRule,
  ThresholdRule,
} from './rules/AlertRule.js';
export { alertRuleSchema } from './rules/AlertRule.js';
export type { AlertSignal } from './rules/AlertSignal.js';
export type { Matcher } from './rules/Matcher.js';
export { allMatch, matcherMatches } from './rules/Matcher.js';
export type { AnomalyScore, MetricSample, ObservedEvent } from './rules/Observation.js';
export { parseRule, parseRules } from './rules/parseRule.js';
export { RuleEvaluator } from './rules/RuleEvaluator.js';
export type { RuleEvaluatorState, SeriesState } from './rules/RuleEvaluator.js';

export type {
  AlertRecord,
  AlertTransition,
  EscalationState,
  SuppressionReason,
} from './processing/AlertRecord.js';
export { AlertProcessor } from './processing/AlertProcessor.js';
export type { ProcessorOutput, ProcessorState } from './processing/AlertProcessor.js';
export { parseProcessorConfig } from './processing/ProcessorConfig.js';
export type {
  EscalationPolicy,
  ProcessorConfig,
  ProcessorConfigInput,
  Route,
} from './processing/ProcessorConfig.js';
export type { GroupState } from './group/AggregationGroup.js';
export { criticalInhibitsLower } from './inhibit/Inhibitor.js';
export type { InhibitRule } from './inhibit/Inhibitor.js';
export type { Muter } from './mute/Muter.js';
export { isSilenceActive, parseSilence } from './silence/Silence.js';
export type { Silence, SilenceInput } from './silence/Silence.js';

export type { Notification, NotificationAction, NotifiedAlert } from './notify/Notification.js';
export type { AlertingLogger, DeliveryResult, NotificationChannel } from './notify/NotificationChannel.js';
export { createChannel, parseChannelConfig } from './notify/channelConfig.js';
export type { ChannelConfig } from './notify/channelConfig.js';
export { EMAIL_IDEMPOTENCY_HEADER, EmailChannel } from './notify/email/EmailChannel.js';
export type { EmailChannelOptions } from './notify/email/EmailChannel.js';
export { SlackChannel, slackPayload } from './notify/slack/SlackChannel.js';
export type { SlackChannelOptions } from './notify/slack/SlackChannel.js';
export { PagerDutyChannel, pagerDutyEvent } from './notify/pagerduty/PagerDutyChannel.js';
export type { PagerDutyChannelOptions } from './notify/pagerduty/PagerDutyChannel.js';
export { WebhookChannel, webhookPayload } from './notify/webhook/WebhookChannel.js';
export type { WebhookChannelOptions } from './notify/webhook/WebhookChannel.js';
export {
  SIGNATURE_HEADER,
  signWebhookBody,
  TIMESTAMP_HEADER,
  verifyWebhookSignature,
} from './notify/webhook/webhookSignature.js';
export { SmsChannel } from './notify/sms/SmsChannel.js';
export type { SmsChannelOptions } from './notify/sms/SmsChannel.js';

export { backoffDelay, DEFAULT_BACKOFF } from './outbox/Backoff.js';
export type { BackoffOptions } from './outbox/Backoff.js';
export { OutboxDispatcher } from './outbox/OutboxDispatcher.js';
export type { ChannelRateLimit, DispatchReport, OutboxDispatcherOptions } from './outbox/OutboxDispatcher.js';
export { TokenBucket } from './outbox/TokenBucket.js';
export { PostgresAlertStore } from './store/PostgresAlertStore.js';
export type { StoredTransition } from './store/PostgresAlertStore.js';
export { PostgresOutbox } from './store/PostgresOutbox.js';
export type { OutboxEntry, OutboxState } from './store/PostgresOutbox.js';
export {
  AlertingConfigurationError,
  RuleConflictError,
  RuleNotFoundError,
  SilenceNotFoundError,
} from './errors.js';
export type { ConfigurationProblem } from './errors.js';
export { alertingConfigSchema, parseAlertingConfig } from './config/AlertingConfig.js';
export type { AlertingConfig } from './config/AlertingConfig.js';
export { loadRuleFiles } from './rules/loadRuleFiles.js';
export type { FileRule, LoadRuleFilesOptions } from './rules/loadRuleFiles.js';
export { ruleReferenceProblems } from './rules/ruleReferences.js';
export { AggregateDecodeError, decodeAggregate, encodeAggregate } from './serde/v1/aggregateRecord.js';
export type { AggregateObservation } from './serde/v1/aggregateRecord.js';
export { AlertManager } from './manager/AlertManager.js';
export type { AlertManagerOptions, StepResult } from './manager/AlertManager.js';
export type { AlertInput, ConsumedRecord } from './manager/AlertInput.js';
export { PostgresRuleStore } from './store/PostgresRuleStore.js';
export type { RuleSource, StoredRule } from './store/PostgresRuleStore.js';
export { PostgresAlertQueries } from './store/PostgresAlertQueries.js';
export type { AlertFilter, AlertView } from './store/PostgresAlertQueries.js';
export { PostgresAlertEvents } from './store/PostgresAlertEvents.js';
export type { AlertEvent, PendingAlertEvent } from './store/PostgresAlertEvents.js';
