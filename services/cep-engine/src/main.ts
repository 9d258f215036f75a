import { HighValueTransactionDetector } from '@streamforge/cep';
import { loadConfigOrExit } from '@streamforge/config';
import { createConsumer, createKafkaClient, createProducer } from '@streamforge/kafka';
import {
  createLogger,
  createMetricsRegistry,
  createServiceApp,
  onShutdown,
  startHttpServer,
} from '@streamforge/telemetry';
import { Counter } from 'prom-client';
import { cepEngineConfigSchema } from './config.js';
import { MatchProducer } from './MatchProducer.js';

const SERVICE = 'cep-engine';

async function main(): Promise<void> {
  const config = loadConfigOrExit(SERVICE, cepEngineConfigSchema);
  const logger = createLogger({ service: SERVICE, level: config.LOG_LEVEL });
  const kafka = createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: SERVICE, logger });
  const producer = createProducer(kafka, { transactionalId: config.TRANSACTIONAL_ID });
  await producer.connect();
  const { consumer, isReady } = createConsumer(kafka, { groupId: config.CONSUMER_GROUP, logger });

  const registry = createMetricsRegistry(SERVICE);
  const matchesTotal = new Counter({
    name: 'streamforge_cep_matches_total',
    help: 'Pattern matches produced, by pattern',
    labelNames: ['pattern'],
    registers: [registry],
  });
  const matcher = new MatchProducer({
    consumer,
    producer,
    detector: new HighValueTransactionDetector(config.HIGH_VALUE_THRESHOLD),
    logger,
    consumerGroup: config.CONSUMER_GROUP,
    inputTopic: config.INPUT_TOPIC,
    matchesTopic: config.MATCHES_TOPIC,
    onMatch: (match) => matchesTotal.inc({ pattern: match.patternId }),
  });
  await matcher.start();

  const app = createServiceApp({ registry, readiness: [{ name: 'kafka', check: isReady }] });
  const server = await startHttpServer(app, config.HTTP_PORT);
  logger.info(
    { port: config.HTTP_PORT, input: config.INPUT_TOPIC, threshold: config.HIGH_VALUE_THRESHOLD },
    'cep-engine running',
  );

  onShutdown(logger, async () => {
    await server.close();
    await matcher.stop();
    await producer.disconnect();
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${SERVICE}: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
