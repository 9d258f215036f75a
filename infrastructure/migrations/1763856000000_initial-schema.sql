-- Up Migration

-- Event counts per type and window from the stream processor's Postgres sink. Batches add to a row; the
-- consumer offsets committed with them keep a redelivered batch from adding twice.
CREATE TABLE window_counts (
  event_type text,
  window_start timestamptz,
  window_end timestamptz,
  count bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (event_type, window_start)
);

-- Sinks store the next offset to consume in the same transaction as their writes: after a crash they
-- resume from here, not from the Kafka group offset, so no write is applied twice or lost.
CREATE TABLE consumer_offsets (
  consumer_group text,
  topic text,
  partition int,
  next_offset bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, topic, partition)
);

-- One row per alert; fingerprint is the dedup key, so re-firing updates last_seen instead of inserting.
CREATE TABLE alerts (
  id uuid PRIMARY KEY,
  fingerprint text NOT NULL UNIQUE,
  rule text NOT NULL,
  severity text NOT NULL,
  alert_key text NOT NULL,
  status text NOT NULL,
  summary text,
  payload jsonb NOT NULL,
  first_seen timestamptz NOT NULL,
  last_seen timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX alerts_rule_alert_key_idx ON alerts (rule, alert_key);

-- Down Migration

DROP TABLE alerts;
DROP TABLE consumer_offsets;
DROP TABLE window_counts;
