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
   * Shared by every instance: each input partition is processed by the transactional producer
   * `<prefix>-<topic>-<partition>`, so whichever instance takes a partition over fences the one that had it.
   */
  TRANSACTIONAL_ID_PREFIX: z.string().min(1).default('cep-engine'),
});

export type CepEngineConfig = z.infer<typeof cepEngineConfigSchema>;
