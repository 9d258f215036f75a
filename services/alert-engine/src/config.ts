import { join } from 'node:path';
import { env } from '@streamforge/config';
import { z } from 'zod';

/** The rule files shipped with the service: the alert for every high-value transaction match. */
export const DEFAULT_RULES_DIR = join(__dirname, '..', 'rules');

export const alertEngineConfigSchema = z.object({
  KAFKA_BROKERS: env.brokers(),
  DATABASE_URL: env.url(['postgres', 'postgresql']),
  HTTP_PORT: env.port(8083),
  LOG_LEVEL: env.logLevel(),
  CONSUMER_GROUP: z.string().min(1).default('alert-engine'),
  MATCHES_TOPIC: z.string().min(1).default('cep.matches'),
  AGGREGATES_TOPIC: z.string().min(1).default('metrics.aggregates'),
  ALERT_EVENTS_TOPIC: z.string().min(1).default('alerts.events'),
  /** A folder of rule files (*.json); every bad value in them stops the start, one line each. */
  RULES_DIR: z.string().min(1).default(DEFAULT_RULES_DIR),
  /** JSON file with routes, escalation policies, inhibit rules and channels; none when unset. */
  ALERTING_CONFIG_FILE: z.string().min(1).optional(),
  /**
   * Required in the `x-api-key` header of every API write. Unset, the API is read-only. Never logged.
   */
  API_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  /** How often time-driven work (group flushes, escalations, absence) is looked at, at the latest. */
  TICK_INTERVAL_MS: env.positiveInt(1_000),
  /** How often the notification outbox is polled for due rows. */
  OUTBOX_POLL_MS: env.positiveInt(500),
  /** How long a claimed outbox row is leased; a crashed process's rows are retried after it. */
  OUTBOX_LEASE_MS: env.positiveInt(60_000),
  /** Attempts per notification before it is dead-lettered. */
  OUTBOX_MAX_ATTEMPTS: env.positiveInt(8),
  /** First retry delay; it doubles per attempt (with jitter) up to five minutes. */
  OUTBOX_BACKOFF_MS: env.positiveInt(1_000),
  /** How long the group waits for a crashed member before reassigning its partitions (kafkajs: 30 s). */
  SESSION_TIMEOUT_MS: env.positiveInt(30_000),
});

export type AlertEngineConfig = z.infer<typeof alertEngineConfigSchema>;
