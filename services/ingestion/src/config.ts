import { env } from '@streamforge/config';
import { z } from 'zod';

export const ingestionConfigSchema = z.object({
  KAFKA_BROKERS: env.brokers(),
  HTTP_PORT: env.port(8080),
  LOG_LEVEL: env.logLevel(),
  /** Largest request body accepted, in bytes (a single event or a batch). */
  MAX_BODY_BYTES: env.positiveInt(1_048_576),
  /** Most events in one POST /api/events/batch. */
  MAX_BATCH_EVENTS: env.positiveInt(1_000),
  /** How long a request waits for Kafka's acknowledgement before answering 503 (retriable). */
  PUBLISH_TIMEOUT_MS: env.positiveInt(10_000),
  RAW_EVENTS_TOPIC: z.string().default('events.raw'),
});

export type IngestionConfig = z.infer<typeof ingestionConfigSchema>;
