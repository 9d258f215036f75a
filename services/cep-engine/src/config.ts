import { BUILT_IN_PATTERNS_DIRECTORY } from '@streamforge/cep';
import { env } from '@streamforge/config';
import { z } from 'zod';

const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true');

export const cepEngineConfigSchema = z.object({
  KAFKA_BROKERS: env.brokers(),
  REDIS_URL: env.url(['redis', 'rediss'], 'redis://127.0.0.1:6379'),
  HTTP_PORT: env.port(8082),
  LOG_LEVEL: env.logLevel(),
  /**
   * The consumer group, and the name of the job's state: the changelog is `<group>-patterns-changelog`
   * and the Redis checkpoint keys carry it, so two deployments with different groups never share state.
   */
  CONSUMER_GROUP: z.string().min(1).default('cep-engine'),
  INPUT_TOPIC: z.string().min(1).default('events.enriched'),
  MATCHES_TOPIC: z.string().min(1).default('cep.matches'),
  /** Partial matches that expired before completing (`within`). */
  TIMEOUTS_TOPIC: z.string().min(1).default('cep.timeouts'),
  /** Events that arrived behind the watermark or behind their user's last event. */
  LATE_TOPIC: z.string().min(1).default('cep.late'),
  /** A folder of pattern files (*.json, *.yaml); the detectors shipped with @streamforge/cep by default. */
  PATTERNS_DIR: z.string().min(1).default(BUILT_IN_PATTERNS_DIRECTORY),
  /** Reload the patterns when a file in PATTERNS_DIR changes, keeping partial matches of unchanged ones. */
  PATTERNS_WATCH: flag(true),
  /** Quiet time after the last change in PATTERNS_DIR before it is reloaded (editors write in steps). */
  PATTERNS_RELOAD_DEBOUNCE_MS: env.positiveInt(300),
  /** The high-value-transaction pattern's `threshold` parameter: amounts strictly above it match. */
  HIGH_VALUE_THRESHOLD: z.coerce.number().positive('must be a positive number').default(1000),
  /** How far behind the newest event time of its partition an event may be before it is late. */
  MAX_OUT_OF_ORDERNESS_MS: z.coerce
    .number()
    .int('must be a whole number')
    .min(0, 'must be 0 or more')
    .default(5_000),
  /** How often each partition's committed state changes are written to Redis. */
  CHECKPOINT_INTERVAL_MS: env.positiveInt(10_000),
  /** How long the group waits for a crashed member before moving its partitions (kafkajs: 30 s). */
  SESSION_TIMEOUT_MS: env.positiveInt(30_000),
  /** Partitions processed at once by one instance; order is kept within each partition. */
  PARTITION_CONCURRENCY: env.positiveInt(3),
  /**
   * Shared by every instance: each input partition is processed by the transactional producer
   * `<prefix>-<topic>-<partition>`, so whichever instance takes a partition over fences the one that had it.
   */
  TRANSACTIONAL_ID_PREFIX: z.string().min(1).default('cep-engine'),
});

export type CepEngineConfig = z.infer<typeof cepEngineConfigSchema>;
