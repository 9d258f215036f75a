import { env } from '@streamforge/config';
import { z } from 'zod';

export const alertEngineConfigSchema = z.object({
  KAFKA_BROKERS: env.brokers(),
  DATABASE_URL: env.url(['postgres', 'postgresql']),
  HTTP_PORT: env.port(8083),
  LOG_LEVEL: env.logLevel(),
  CONSUMER_GROUP: z.string().min(1).default('alert-engine'),
  MATCHES_TOPIC: z.string().min(1).default('cep.matches'),
  PARTITION_CONCURRENCY: env.positiveInt(3),
});

export type AlertEngineConfig = z.infer<typeof alertEngineConfigSchema>;
