import { loadConfigOrExit } from '@streamforge/config';
import { createKafkaClient, createProducer } from '@streamforge/kafka';
import { createLogger, createMetricsRegistry, onShutdown, startHttpServer } from '@streamforge/telemetry';
import { createIngestionApp } from './app.js';
import { ingestionConfigSchema } from './config.js';
import { EventPublisher } from './EventPublisher.js';
import { IngestionMetrics } from './IngestionMetrics.js';

const SERVICE = 'ingestion';

async function main(): Promise<void> {
  const config = loadConfigOrExit(SERVICE, ingestionConfigSchema);
  const logger = createLogger({ service: SERVICE, level: config.LOG_LEVEL });
  const kafka = createKafkaClient({
    brokers: config.KAFKA_BROKERS,
    clientId: SERVICE,
    logger,
  });
  const producer = createProducer(kafka);
  let producerConnected = false;
  producer.on(producer.events.CONNECT, () => (producerConnected = true));
  producer.on(producer.events.DISCONNECT, () => (producerConnected = false));
  await producer.connect();

  const registry = createMetricsRegistry(SERVICE);
  const app = createIngestionApp({
    publisher: new EventPublisher(producer, config.RAW_EVENTS_TOPIC, config.PUBLISH_TIMEOUT_MS),
    registry,
    metrics: new IngestionMetrics(registry),
    readiness: [{ name: 'kafka', check: () => producerConnected }],
    logger,
    maxBodyBytes: config.MAX_BODY_BYTES,
    maxBatchEvents: config.MAX_BATCH_EVENTS,
  });
  const server = await startHttpServer(app, config.HTTP_PORT);
  logger.info({ port: config.HTTP_PORT, topic: config.RAW_EVENTS_TOPIC }, 'ingestion listening');

  onShutdown(logger, async () => {
    // Stop taking requests, let in-flight ones get their Kafka acknowledgement, then disconnect.
    await server.close();
    await producer.disconnect();
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${SERVICE}: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
