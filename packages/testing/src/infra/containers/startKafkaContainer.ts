import type * as KafkaModule from '@testcontainers/kafka';

/** Confluent Platform 7.9 ships Apache Kafka 3.9, the version the local launcher runs. */
const KAFKA_IMAGE = 'confluentinc/cp-kafka:7.9.0';

/**
 * A single KRaft broker in a container, set up like the launcher's single broker (internal topics
 * with RF 1, no auto-created topics). It lives until this process exits; Testcontainers' reaper
 * removes it then.
 */
export async function startKafkaContainer(): Promise<string[]> {
  // Loaded here, not at the top: testcontainers takes ~0.7 s to load, and only this path needs it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { KafkaContainer } = require('@testcontainers/kafka') as typeof KafkaModule;
  const container = await new KafkaContainer(KAFKA_IMAGE)
    .withKraft()
    .withEnvironment({
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_MIN_INSYNC_REPLICAS: '1',
    })
    .start();
  // 9093 is the container's PLAINTEXT listener for clients outside Docker's network.
  return [`${container.getHost()}:${container.getMappedPort(9093)}`];
}
