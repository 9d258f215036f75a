import { hostname } from 'node:os';
import { env } from '@streamforge/config';
import { z } from 'zod';

export const cepEngineConfigSchema = z.object({
  KAFKA_BROKERS: env.brokers(),
  HTTP_PORT: env.port(8082),
  LOG_LEVEL: env.logLevel(),
  CONSUMER_GROUP: z.string().min(1).default('cep-engine'),
  INPUT_TOPIC: z.string().min(1).default('events.enriched'),
  MATCHES_TOPIC: z.string().min(1).default('cep.matches'),
  /** Amounts strictly above this make a `transaction` a high-value match. */
  HIGH_VALUE_THRESHOLD: z.coerce.number().positive('must be a positive number').default(1000),
  /**
   * Stable per instance: a restarted instance with the same id fences its predecessor and aborts its
   * open transaction at once instead of leaving read_committed readers waiting for the timeout.
   */
  TRANSACTIONAL_ID: z.string().min(1).default(`cep-engine-${hostname()}`),
});

export type CepEngineConfig = z.infer<typeof cepEngineConfigSchema>;
