import { LocalKafkaCluster, ensureCatalogueTopics } from '@streamforge/local-infra';
import { createKafkaClient } from '@streamforge/kafka';
import { InfrastructureUnavailableError } from '../errors.js';
import { startKafkaContainer } from './containers/startKafkaContainer.js';
import { waitForPartitionLogs } from './containers/waitForPartitionLogs.js';
import type { KafkaSettings } from './InfrastructureSettings.js';
import { infrastructureMode } from './infrastructureMode.js';
import { oncePerProcess } from './oncePerProcess.js';

export interface StartKafkaOptions {
  /** Brokers the test needs: 3 for replication and fail-over tests (default 1). */
  brokers?: 1 | 3;
}

/**
 * A Kafka cluster with the catalogue's topics in place. KAFKA_BROKERS (comma list) wins; otherwise a
 * container in containers mode (see infrastructureMode), else the local launcher's cluster ("default"
 * on 19092, "cluster3" on 29092). Either stays running between runs, so that only the first test run
 * pays the start-up.
 */
export function startKafka(options: StartKafkaOptions = {}): Promise<KafkaSettings> {
  const brokers = options.brokers ?? 1;
  const fromEnv = process.env.KAFKA_BROKERS;
  if (fromEnv) {
    return oncePerProcess(`kafka:env:${fromEnv}:${brokers}`, () => useGivenKafka(fromEnv, brokers));
  }
  return oncePerProcess(`kafka:${brokers}`, async () => {
    const mode = await infrastructureMode();
    if (mode === 'containers') {
      if (brokers === 3) {
        throw new InfrastructureUnavailableError(
          'a 3-broker Kafka is not offered in containers mode: run the compose stack (docker-compose.kafka.yml, ' +
            'with infrastructure/containers/compose.local.yml where there is no registry) and set KAFKA_BROKERS, ' +
            'or set STREAMFORGE_INFRA=local to use the local launcher',
        );
      }
      const addresses = await startKafkaContainer();
      const topics = await ensureCatalogueTopics(addresses, { brokerCount: 1 });
      await waitForPartitionLogs(addresses, [...topics.created, ...topics.existing]);
      return { brokers: addresses, source: 'containers' };
    }
    const cluster = await new LocalKafkaCluster().up({ brokers });
    return { brokers: cluster.brokers, source: 'local', localClusterName: cluster.name };
  });
}

async function useGivenKafka(list: string, required: number): Promise<KafkaSettings> {
  const addresses = list
    .split(',')
    .map((address) => address.trim())
    .filter((address) => address.length > 0);
  const admin = createKafkaClient({ brokers: addresses, clientId: 'streamforge-testing' }).admin();
  await admin.connect();
  let available: number;
  try {
    available = (await admin.describeCluster()).brokers.length;
  } finally {
    await admin.disconnect();
  }
  if (available < required) {
    throw new InfrastructureUnavailableError(
      `KAFKA_BROKERS=${list} has ${available} broker(s) but this test needs ${required}`,
    );
  }
  await ensureCatalogueTopics(addresses, { brokerCount: available });
  return { brokers: addresses, source: 'env' };
}
