import { loadConfigOrExit } from '@streamforge/config';
import { createConsumer, createKafkaClient, createProducer, fetchClusterId } from '@streamforge/kafka';
import { migrate } from '@streamforge/local-infra';
import { createLogger, createMetricsRegistry, onShutdown, startHttpServer } from '@streamforge/telemetry';
import { Pool } from 'pg';
import { Counter } from 'prom-client';
import { AlertRecorder } from './AlertRecorder.js';
import { AlertStore } from './AlertStore.js';
import { createAlertEngineApp } from './app.js';
import { alertEngineConfigSchema } from './config.js';

const SERVICE = 'alert-engine';

async function main(): Promise<void> {
  const config = loadConfigOrExit(SERVICE, alertEngineConfigSchema);
  const logger = createLogger({ service: SERVICE, level: config.LOG_LEVEL });
  await migrate(config.DATABASE_URL);
  const pool = new Pool({ connectionString: config.DATABASE_URL, max: config.PARTITION_CONCURRENCY + 2 });
  const kafka = createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: SERVICE, logger });
  const producer = createProducer(kafka);
  await producer.connect();
  const { consumer, isReady } = createConsumer(kafka, { groupId: config.CONSUMER_GROUP, logger });

  const registry = createMetricsRegistry(SERVICE);
  const alertsTotal = new Counter({
    name: 'streamforge_alerts_triggered_total',
    help: 'Alerts created',
    registers: [registry],
  });
  const store = new AlertStore(pool);
  const recorder = new AlertRecorder({
    consumer,
    producer,
    store,
    logger,
    clusterId: await fetchClusterId(kafka),
    consumerGroup: config.CONSUMER_GROUP,
    matchesTopic: config.MATCHES_TOPIC,
    partitionConcurrency: config.PARTITION_CONCURRENCY,
    onAlert: () => alertsTotal.inc(),
  });
  await recorder.start();

  const server = await startHttpServer(
    createAlertEngineApp({
      store,
      registry,
      readiness: [{ name: 'kafka', check: isReady }],
    }),
    config.HTTP_PORT,
  );
  logger.info({ port: config.HTTP_PORT, input: config.MATCHES_TOPIC }, 'alert-engine running');

  onShutdown(logger, async () => {
    await server.close();
    await recorder.stop();
    await producer.disconnect();
    await pool.end();
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${SERVICE}: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
