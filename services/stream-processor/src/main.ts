import { loadConfigOrExit } from '@streamforge/config';
import { createConsumer, createKafkaClient, createProducer, fetchClusterId } from '@streamforge/kafka';
import { migrate } from '@streamforge/local-infra';
import { createLogger, createMetricsRegistry, onShutdown, startHttpServer } from '@streamforge/telemetry';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { createStreamProcessorApp } from './app.js';
import { streamProcessorConfigSchema } from './config.js';
import { RedisWindowMirror } from './RedisWindowMirror.js';
import { StreamProcessor } from './StreamProcessor.js';
import { WindowCountStore } from './WindowCountStore.js';

const SERVICE = 'stream-processor';

async function main(): Promise<void> {
  const config = loadConfigOrExit(SERVICE, streamProcessorConfigSchema);
  const logger = createLogger({ service: SERVICE, level: config.LOG_LEVEL });
  await migrate(config.DATABASE_URL);

  const pool = new Pool({ connectionString: config.DATABASE_URL, max: config.PARTITION_CONCURRENCY + 2 });
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 3, lazyConnect: true });
  await redis.connect();
  const kafka = createKafkaClient({
    brokers: config.KAFKA_BROKERS,
    clientId: SERVICE,
    logger,
  });
  const producer = createProducer(kafka);
  await producer.connect();
  const { consumer, isReady } = createConsumer(kafka, { groupId: config.CONSUMER_GROUP, logger });

  const store = new WindowCountStore(pool);
  const processor = new StreamProcessor({
    consumer,
    producer,
    store,
    mirror: new RedisWindowMirror(redis, config.REDIS_KEY_PREFIX),
    logger,
    clusterId: await fetchClusterId(kafka),
    consumerGroup: config.CONSUMER_GROUP,
    inputTopic: config.RAW_EVENTS_TOPIC,
    outputTopic: config.ENRICHED_EVENTS_TOPIC,
    windowSizeMs: config.WINDOW_SIZE_MS,
    partitionConcurrency: config.PARTITION_CONCURRENCY,
  });
  await processor.start();

  const registry = createMetricsRegistry(SERVICE);
  const server = await startHttpServer(
    createStreamProcessorApp({
      store,
      registry,
      readiness: [
        { name: 'kafka', check: isReady },
        { name: 'redis', check: () => redis.status === 'ready' },
      ],
    }),
    config.HTTP_PORT,
  );
  logger.info(
    { port: config.HTTP_PORT, input: config.RAW_EVENTS_TOPIC, windowSizeMs: config.WINDOW_SIZE_MS },
    'stream-processor running',
  );

  onShutdown(logger, async () => {
    await server.close();
    await processor.stop();
    await producer.disconnect();
    await Promise.all([pool.end(), redis.quit()]);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${SERVICE}: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
