import { createKafkaClient } from '@streamforge/kafka';
import type * as Testcontainers from 'testcontainers';
import { waitFor } from '../../waitFor.js';
import { prepareContainerRuntime } from './containerRuntime.js';
import type * as ReusableContainer from './reusableContainer.js';
import { streamforgeImage } from './streamforgeImage.js';

/** Listeners inside the container; only EXTERNAL is published (on 127.0.0.1, at a port the engine picks). */
const INTERNAL_PORT = 9092;
const CONTROLLER_PORT = 9093;
const EXTERNAL_PORT = 9094;
/** The image's entrypoint waits for this file before it renders server.properties (see streamforge-kafka-run). */
const LATE_CONFIG_FILE = '/opt/kafka/config/run/late.properties';

/**
 * A single KRaft broker from the locally built Kafka image (infrastructure/containers), set up like the
 * launcher's single broker: internal topics with one replica, no auto-created topics, no rebalance
 * delay. Clients on the host reach it at 127.0.0.1:<published port>, which is also what it advertises;
 * since that port is known only once the container runs, the advertised listener is handed to the
 * waiting entrypoint then. The container is reused by later test processes (see startReusableContainer).
 */
export async function startKafkaContainer(): Promise<string[]> {
  await prepareContainerRuntime();
  // Loaded here, not at the top: testcontainers takes ~0.7 s to load, and only this path needs it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Wait } = require('testcontainers') as typeof Testcontainers;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startReusableContainer } = require('./reusableContainer.js') as typeof ReusableContainer;
  const container = await startReusableContainer({
    role: 'kafka',
    image: streamforgeImage('kafka'),
    ports: [EXTERNAL_PORT],
    environment: {
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_CONTROLLER_QUORUM_VOTERS: `1@localhost:${CONTROLLER_PORT}`,
      KAFKA_LISTENERS: `INTERNAL://:${INTERNAL_PORT},CONTROLLER://:${CONTROLLER_PORT},EXTERNAL://:${EXTERNAL_PORT}`,
      // The broker talks to itself (transaction markers) on INTERNAL, inside the container.
      KAFKA_ADVERTISED_LISTENERS: `INTERNAL://localhost:${INTERNAL_PORT}`,
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT',
      KAFKA_INTER_BROKER_LISTENER_NAME: 'INTERNAL',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_MIN_INSYNC_REPLICAS: '1',
      KAFKA_DEFAULT_REPLICATION_FACTOR: '1',
      KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE: 'false',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_HEAP_OPTS: '-Xms256m -Xmx768m',
      STREAMFORGE_KAFKA_LATE_CONFIG: LATE_CONFIG_FILE,
    },
    waitStrategy: Wait.forLogMessage(`streamforge-kafka-run: waiting for ${LATE_CONFIG_FILE}`),
    startupTimeoutMs: 60_000,
  });
  const address = `127.0.0.1:${container.getMappedPort(EXTERNAL_PORT)}`;
  // A reused broker read this file when it started; writing the same lines again changes nothing.
  await container.copyContentToContainer([
    {
      content: `advertised.listeners=INTERNAL://localhost:${INTERNAL_PORT},EXTERNAL://${address}\n# end\n`,
      target: LATE_CONFIG_FILE,
    },
  ]);
  await waitForAdvertisedBroker(address);
  return [address];
}

/** Until the broker serves metadata that names `address` itself, so clients will come back to it. */
async function waitForAdvertisedBroker(address: string): Promise<void> {
  const silent = {
    error: () => undefined,
    warn: () => undefined,
    info: () => undefined,
    debug: () => undefined,
  };
  await waitFor(
    async () => {
      const admin = createKafkaClient({
        brokers: [address],
        clientId: 'streamforge-testing-containers',
        logger: silent,
        retry: { retries: 0 },
      }).admin();
      await admin.connect();
      try {
        const { brokers } = await admin.describeCluster();
        return brokers.some((broker) => `${broker.host}:${broker.port}` === address);
      } finally {
        await admin.disconnect();
      }
    },
    {
      timeoutMs: 90_000,
      intervalMs: 500,
      description: `the Kafka container to serve metadata on ${address}`,
    },
  );
}
