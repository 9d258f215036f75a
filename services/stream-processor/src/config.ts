import { env } from '@streamforge/config';
import { z } from 'zod';

export const streamProcessorConfigSchema = z.object({
  KAFKA_BROKERS: env.brokers(),
  DATABASE_URL: env.url(['postgres', 'postgresql']),
  REDIS_URL: env.url(['redis', 'rediss'], 'redis://127.0.0.1:6379'),
  HTTP_PORT: env.port(8081),
  LOG_LEVEL: env.logLevel(),
  WINDOW_SIZE_MS: env.positiveInt(60_000),
  CONSUMER_GROUP: z.string().min(1).default('stream-processor'),
  RAW_EVENTS_TOPIC: z.string().min(1).default('events.raw'),
  ENRICHED_EVENTS_TOPIC: z.string().min(1).default('events.enriched'),
  /** Prefix of the Redis keys the window counts are mirrored to. */
  REDIS_KEY_PREFIX: z.string().default('streamforge:'),
  /** Partitions processed at once by one instance; order is kept within each partition. */
  PARTITION_CONCURRENCY: env.positiveInt(3),
});

export type StreamProcessorConfig = z.infer<typeof streamProcessorConfigSchema>;
