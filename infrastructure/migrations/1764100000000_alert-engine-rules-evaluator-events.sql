-- Up Migration

-- Alert rules the alert-engine runs. Rules from the RULES_DIR files are written at every start with
-- source 'file' and are owned by the files; rules created through the API have source 'api' and live
-- only here.
CREATE TABLE alert_rules (
  id text PRIMARY KEY,
  definition jsonb NOT NULL,
  source text NOT NULL CHECK (source IN ('file', 'api')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Rule evaluation state per rule (pending `for` timers, absence last-seen times, firing series), written
-- in the same transaction as the alerts it produced and the consumed offsets, so a restart neither
-- forgets a pending condition nor fires it twice.
CREATE TABLE alert_evaluator_state (
  rule text PRIMARY KEY,
  series jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- alert_history doubles as the outbox of alerts.events: a transition is written with the step that made
-- it and produced to Kafka afterwards; published_at marks the ones Kafka has acknowledged.
ALTER TABLE alert_history ADD COLUMN published_at timestamptz;
CREATE INDEX alert_history_unpublished_idx ON alert_history (id) WHERE published_at IS NULL;

-- The alerts API filters by rule and time range.
CREATE INDEX alerts_rule_first_seen_idx ON alerts (rule, first_seen DESC);

-- Down Migration

DROP INDEX alerts_rule_first_seen_idx;
DROP INDEX alert_history_unpublished_idx;
ALTER TABLE alert_history DROP COLUMN published_at;
DROP TABLE alert_evaluator_state;
DROP TABLE alert_rules;
