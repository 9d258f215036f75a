export { InfrastructureUnavailableError, TestingError, WaitForTimeoutError } from './errors.js';
export { startKafka } from './infra/startKafka.js';
export type { StartKafkaOptions } from './infra/startKafka.js';
export { startRedis } from './infra/startRedis.js';
export { startPostgres } from './infra/startPostgres.js';
export type { StartPostgresOptions } from './infra/startPostgres.js';
export type {
  InfrastructureSource,
  KafkaSettings,
  PostgresSettings,
  RedisSettings,
} from './infra/InfrastructureSettings.js';
export { INFRA_MODE_ENV, infrastructureMode } from './infra/infrastructureMode.js';
export type { InfrastructureMode } from './infra/infrastructureMode.js';
export { waitFor } from './waitFor.js';
export type { WaitForOptions } from './waitFor.js';
export { uniqueName } from './uniqueName.js';
export { EventGenerator } from './generators/EventGenerator.js';
export type { EventGeneratorOptions, GeneratedEvent } from './generators/EventGenerator.js';
// Failure tests stop and start brokers of the local cluster; schema tests re-run migrations.
export { LocalKafkaCluster, migrate } from '@streamforge/local-infra';
export {
  SCHEMA_REGISTRY_URL_ENV,
  startSchemaRegistry,
  type SchemaRegistrySettings,
} from './infra/startSchemaRegistry.js';
