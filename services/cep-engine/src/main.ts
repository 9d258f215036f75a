import { HighValueTransactionDetector } from '@streamforge/cep';
import { loadConfigOrExit } from '@streamforge/config';
import { createKafkaClient, runTransactional } from '@streamforge/kafka';
import {
  createLogger,
  createMetricsRegistry,
  createServiceApp,
  onShutdown,
  startHttpServer,
} from '@streamforge/telemetry';
import { Counter } from 'prom-client';
import { cepEngineConfigSchema } from './config.js';
import { matchHandler } from './matchHandler.js';

const SERVICE = 'cep-engine';

async function main(): Promise<void> {
  const config = loadConfigOrExit(SERVICE, cepEngineConfigSchema);
  const logger = createLogger({ service: SERVICE, level: config.LOG_LEVEL });
  const kafka = createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: SERVICE, logger });

  const registry = createMetricsRegistry(SERVICE);
  const matchesTotal = new Counter({
    name: 'streamforge_cep_matches_total',
    help: 'Pattern matches produced, by pattern',
    labelNames: ['pattern'],
    registers: [registry],
  });
  const runner = await runTransactional({
    kafka,
    groupId: config.CONSUMER_GROUP,
    topics: [config.INPUT_TOPIC],
    transactionalIdPrefix: config.TRANSACTIONAL_ID_PREFIX,
    fromBeginning: true,
    logger,
    handler: matchHandler({
      detector: new HighValueTransactionDetector(config.HIGH_VALUE_THRESHOLD),
      logger,
      matchesTopic: config.MATCHES_TOPIC,
      onMatch: (match) => matchesTotal.inc({ pattern: match.patternId }),
    }),
  });

  const app = createServiceApp({ registry, readiness: [{ name: 'kafka', check: runner.isReady }] });
  const server = await startHttpServer(app, config.HTTP_PORT);
  logger.info(
    { port: config.HTTP_PORT, input: config.INPUT_TOPIC, threshold: config.HIGH_VALUE_THRESHOLD },
    'cep-engine running',
  );

  onShutdown(logger, async () => {
    await server.close();
    await runner.stop();
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${SERVICE}: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
