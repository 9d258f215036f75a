export {
  BrokerStartError,
  ClusterConfigurationError,
  KafkaInstallError,
  LocalInfraError,
  LockTimeoutError,
  MigrationError,
  PrerequisiteMissingError,
} from './errors.js';
export type { Log } from './Log.js';
export { silentLog, stderrLog } from './Log.js';
export { CACHE_DIR_ENV, streamforgeCacheDir } from './cacheDir.js';

export { LocalKafkaCluster } from './kafka/LocalKafkaCluster.js';
export type {
  KafkaBrokerOptions,
  KafkaClusterStatus,
  KafkaDownOptions,
  KafkaNodeStatus,
  KafkaUpOptions,
  KafkaUpResult,
  LocalKafkaClusterOptions,
} from './kafka/LocalKafkaCluster.js';
export {
  DEFAULT_CLUSTER_NAME,
  DEFAULT_THREE_BROKER_CLUSTER_NAME,
  SINGLE_BROKER_BASE_PORT,
  THREE_BROKER_BASE_PORT,
} from './kafka/ClusterDefinition.js';
export { ensureKafkaLibraries, pinnedKafkaVersion } from './kafka/KafkaLibraries.js';
export type { KafkaLibraries } from './kafka/KafkaLibraries.js';
export { ensureCatalogueTopics } from './kafka/ensureCatalogueTopics.js';
export type { EnsureCatalogueTopicsOptions } from './kafka/ensureCatalogueTopics.js';

export { DEFAULT_REDIS_URL, ensureRedis } from './redis/ensureRedis.js';
export type { EnsureRedisOptions } from './redis/ensureRedis.js';

export { DEFAULT_DATABASE_URL, ensurePostgres } from './postgres/ensurePostgres.js';
export type { EnsurePostgresOptions } from './postgres/ensurePostgres.js';
export { ensureDatabase } from './postgres/ensureDatabase.js';
export { migrate } from './postgres/migrate.js';
export type { MigrateOptions } from './postgres/migrate.js';
export { MIGRATIONS_DIR_ENV, findMigrationsDir } from './postgres/findMigrationsDir.js';

export { ensureSchemaRegistry } from './registry/ensureSchemaRegistry.js';
export type { EnsureSchemaRegistryOptions, SchemaRegistryUpResult } from './registry/ensureSchemaRegistry.js';
export { stopSchemaRegistry } from './registry/stopSchemaRegistry.js';
export type { StopSchemaRegistryOptions } from './registry/stopSchemaRegistry.js';
export { schemaRegistryStatus } from './registry/schemaRegistryStatus.js';
export type { SchemaRegistryStatus } from './registry/schemaRegistryStatus.js';
export { CCOMPAT_PATH, DEFAULT_REGISTRY_PORT } from './registry/RegistryLayout.js';
export { APICURIO_VERSION, ensureApicurioDistribution } from './registry/ApicurioDistribution.js';
export type { ApicurioDistribution } from './registry/ApicurioDistribution.js';
export type { CompatibilityLevel } from './registry/registryHttp.js';
export { RegistryInstallError, RegistryStartError } from './registry/registryErrors.js';
// The same cross-process lock guards what @streamforge/testing starts in containers.
export { withFileLock } from './internal/fileLock.js';
export type { FileLockOptions } from './internal/fileLock.js';
