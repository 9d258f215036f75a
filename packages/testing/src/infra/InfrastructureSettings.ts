/** Where a piece of test infrastructure came from. */
export type InfrastructureSource = 'env' | 'containers' | 'local';

export interface KafkaSettings {
  /** Bootstrap addresses, e.g. `['127.0.0.1:19092']`. */
  brokers: string[];
  source: InfrastructureSource;
  /** With source 'local': the launcher's cluster name, for LocalKafkaCluster.stopBroker/startBroker. */
  localClusterName?: string;
}

export interface RedisSettings {
  url: string;
  source: InfrastructureSource;
}

export interface PostgresSettings {
  /** A migrated database reserved for tests. */
  url: string;
  source: InfrastructureSource;
}
