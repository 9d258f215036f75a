-- Up Migration

-- The alerts table becomes the current state of alert processing. `record` is the processor's full state
-- of the alert (mutes, escalation, occurrences); rows written before processing existed have none and
-- are never loaded into it. Columns beside it serve the alerts API's filters.
ALTER TABLE alerts
  ADD COLUMN labels jsonb NOT NULL DEFAULT '{}'::jsonb,
  ADD COLUMN record jsonb,
  ADD COLUMN starts_at timestamptz,
  ADD COLUMN acknowledged_at timestamptz,
  ADD COLUMN acknowledged_by text,
  ADD COLUMN resolved_at timestamptz,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

CREATE INDEX alerts_status_severity_idx ON alerts (status, severity, last_seen DESC);
CREATE INDEX alerts_processing_idx ON alerts (resolved_at) WHERE record IS NOT NULL;

-- Every lifecycle transition. transition_key is derived from the step, so a step that is replayed after a
-- crash inserts nothing twice.
CREATE TABLE alert_history (
  id bigserial PRIMARY KEY,
  transition_key text NOT NULL UNIQUE,
  fingerprint text NOT NULL REFERENCES alerts (fingerprint) ON DELETE CASCADE,
  rule text NOT NULL,
  from_status text,
  to_status text NOT NULL,
  at timestamptz NOT NULL,
  actor text,
  reason text
);

CREATE INDEX alert_history_fingerprint_idx ON alert_history (fingerprint, at);

-- Silences: matchers plus a time range. Expiring one sets ends_at; rows stay for the audit trail.
CREATE TABLE alert_silences (
  id text PRIMARY KEY,
  matchers jsonb NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  created_by text NOT NULL,
  comment text NOT NULL DEFAULT '',
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at >= starts_at)
);

CREATE INDEX alert_silences_ends_at_idx ON alert_silences (ends_at);

-- Aggregation groups with their next flush time, so that group wait / interval / repeat survive a restart.
CREATE TABLE alert_groups (
  group_key text PRIMARY KEY,
  route_id text NOT NULL,
  state jsonb NOT NULL,
  next_flush_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Escalation timers as persisted due-times: whoever runs processing after a restart finds them here.
CREATE TABLE alert_escalations (
  fingerprint text PRIMARY KEY REFERENCES alerts (fingerprint) ON DELETE CASCADE,
  policy_id text NOT NULL,
  next_level int NOT NULL,
  due_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX alert_escalations_due_at_idx ON alert_escalations (due_at);

-- Per rule, when recent episodes alerted: count-based suppression needs it across restarts.
CREATE TABLE alert_rule_alert_times (
  rule text PRIMARY KEY,
  alert_times jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The notification outbox: written in the same transaction as the state change that caused it, delivered
-- afterwards. One row per message and channel; idempotency_key is unique, so a replayed step enqueues
-- nothing twice, and it is sent to receivers so that they can drop repeats of a retried delivery. No
-- secrets here: channel_id names a configured channel.
CREATE TABLE alert_notifications (
  id bigserial PRIMARY KEY,
  idempotency_key text NOT NULL UNIQUE,
  channel_id text NOT NULL,
  kind text NOT NULL,
  payload jsonb NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead')),
  attempts int NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  locked_until timestamptz,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX alert_notifications_due_idx ON alert_notifications (next_attempt_at) WHERE state = 'pending';
CREATE INDEX alert_notifications_dead_idx ON alert_notifications (channel_id, updated_at) WHERE state = 'dead';

-- Down Migration

DROP TABLE alert_notifications;
DROP TABLE alert_rule_alert_times;
DROP TABLE alert_escalations;
DROP TABLE alert_groups;
DROP TABLE alert_silences;
DROP TABLE alert_history;
DROP INDEX alerts_processing_idx;
DROP INDEX alerts_status_severity_idx;
ALTER TABLE alerts
  DROP COLUMN updated_at,
  DROP COLUMN resolved_at,
  DROP COLUMN acknowledged_by,
  DROP COLUMN acknowledged_at,
  DROP COLUMN starts_at,
  DROP COLUMN record,
  DROP COLUMN labels;
