import type { ChannelRateLimit } from '@streamforge/alerting';
import {
  AlertManager,
  createChannel,
  OutboxDispatcher,
  PostgresAlertEvents,
  PostgresAlertQueries,
  PostgresAlertStore,
  PostgresOutbox,
} from '@streamforge/alerting';
import { loadConfigOrExit } from '@streamforge/config';
import { createConsumer, createKafkaClient, createProducer, fetchClusterId } from '@streamforge/kafka';
import { migrate } from '@streamforge/local-infra';
import { createLogger, createMetricsRegistry, onShutdown, startHttpServer } from '@streamforge/telemetry';
import { Pool } from 'pg';
import { Counter } from 'prom-client';
import { AlertConsumer } from './AlertConsumer.js';
import { AlertEventPublisher } from './AlertEventPublisher.js';
import { createAlertEngineApp } from './app.js';
import { alertEngineConfigSchema } from './config.js';
import { loadAlertingSetup } from './loadAlertingSetup.js';
import { Loop } from './Loop.js';

const SERVICE = 'alert-engine';

async function main(): Promise<void> {
  const config = loadConfigOrExit(SERVICE, alertEngineConfigSchema);
  // Rule files and the alerting configuration are checked before anything connects, like the env.
  const setup = loadAlertingSetup(config);
  if ('problems' in setup) {
    for (const problem of setup.problems)
      process.stderr.write(`${SERVICE}: invalid configuration: ${problem}\n`);
    process.exit(78);
  }
  const logger = createLogger({ service: SERVICE, level: config.LOG_LEVEL });
  await migrate(config.DATABASE_URL);
  // One connection holds the processing lock; steps, API reads, the outbox and the publisher share the rest.
  const pool = new Pool({ connectionString: config.DATABASE_URL, max: 8 });

  const registry = createMetricsRegistry(SERVICE);
  const transitionsTotal = new Counter({
    name: 'streamforge_alert_transitions_total',
    help: 'Alert lifecycle transitions committed, by new status',
    labelNames: ['to'],
    registers: [registry],
  });
  const notificationsTotal = new Counter({
    name: 'streamforge_alert_notifications_enqueued_total',
    help: 'Notifications written to the outbox',
    registers: [registry],
  });
  const deliveriesTotal = new Counter({
    name: 'streamforge_alert_deliveries_total',
    help: 'Outbox delivery outcomes',
    labelNames: ['outcome'],
    registers: [registry],
  });

  let wakeDelivery = (): void => undefined;
  const fatal = (error: Error): void => {
    logger.fatal({ err: error }, 'alert state can no longer be trusted; exiting for a restart from Postgres');
    process.exit(1);
  };
  const manager = await AlertManager.open({
    postgres: { pool },
    config: setup.alerting.processor,
    fileRules: setup.rules,
    logger,
    onFatal: fatal,
    onCommit: (step) => {
      for (const transition of step.transitions) transitionsTotal.inc({ to: transition.to });
      notificationsTotal.inc(step.notifications.length);
      if (step.transitions.length > 0 || step.notifications.length > 0) wakeDelivery();
    },
  });
  logger.info({ rules: manager.getRules().map(({ rule }) => rule.id) }, 'alert state loaded');

  const kafka = createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: SERVICE, logger });
  const producer = createProducer(kafka);
  await producer.connect();

  const tickLoop = new Loop(
    'tick',
    async () => {
      await manager.tick();
      const due = manager.nextDueAt();
      return due === undefined
        ? config.TICK_INTERVAL_MS
        : Math.min(config.TICK_INTERVAL_MS, due - Date.now());
    },
    logger,
  );

  const outbox = new PostgresOutbox(pool);
  const rateLimits: Record<string, ChannelRateLimit> = {};
  for (const channel of setup.alerting.channels) {
    if (channel.ratePerSecond !== undefined)
      rateLimits[channel.id] = {
        ratePerSecond: channel.ratePerSecond,
        ...(channel.burst === undefined ? {} : { burst: channel.burst }),
      };
  }
  const dispatcher = new OutboxDispatcher({
    outbox,
    channels: setup.alerting.channels.map(createChannel),
    maxAttempts: config.OUTBOX_MAX_ATTEMPTS,
    backoff: { initialMs: config.OUTBOX_BACKOFF_MS, maxMs: 300_000, multiplier: 2, jitter: 0.5 },
    rateLimits,
    leaseMs: config.OUTBOX_LEASE_MS,
    logger,
  });
  const outboxLoop = new Loop(
    'outbox',
    async () => {
      const report = await dispatcher.dispatchDue();
      deliveriesTotal.inc({ outcome: 'delivered' }, report.delivered);
      deliveriesTotal.inc({ outcome: 'retried' }, report.retried);
      deliveriesTotal.inc({ outcome: 'dead' }, report.dead);
      // A full pass may have left more due rows behind it; deferred ones wait for their rate limit.
      return report.delivered + report.retried + report.dead > 0 ? 0 : config.OUTBOX_POLL_MS;
    },
    logger,
  );
  const publisher = new AlertEventPublisher(
    new PostgresAlertEvents(pool),
    producer,
    config.ALERT_EVENTS_TOPIC,
  );
  const publishLoop = new Loop(
    'alert-events',
    async () => {
      await publisher.publishPending();
      return config.OUTBOX_POLL_MS;
    },
    logger,
  );
  wakeDelivery = () => {
    outboxLoop.wake();
    publishLoop.wake();
  };

  const { consumer, isReady } = createConsumer(kafka, {
    groupId: config.CONSUMER_GROUP,
    logger,
    sessionTimeoutMs: config.SESSION_TIMEOUT_MS,
  });
  const alertConsumer = new AlertConsumer({
    consumer,
    producer,
    manager,
    logger,
    clusterId: await fetchClusterId(kafka),
    consumerGroup: config.CONSUMER_GROUP,
    matchesTopic: config.MATCHES_TOPIC,
    aggregatesTopic: config.AGGREGATES_TOPIC,
  });
  tickLoop.start();
  outboxLoop.start();
  publishLoop.start();
  await alertConsumer.start();

  const server = await startHttpServer(
    createAlertEngineApp({
      manager,
      queries: new PostgresAlertQueries(pool),
      store: new PostgresAlertStore(pool),
      outbox,
      registry,
      readiness: [{ name: 'kafka', check: isReady }],
      logger,
      apiKey: config.API_KEY,
      onRedrive: () => outboxLoop.wake(),
    }),
    config.HTTP_PORT,
  );
  logger.info(
    {
      port: config.HTTP_PORT,
      inputs: [config.MATCHES_TOPIC, config.AGGREGATES_TOPIC],
      output: config.ALERT_EVENTS_TOPIC,
      channels: setup.alerting.channels.map((channel) => channel.id),
      apiWrites: config.API_KEY === undefined ? 'disabled' : 'enabled',
    },
    'alert-engine running',
  );

  onShutdown(logger, async () => {
    await server.close();
    await alertConsumer.stop();
    await tickLoop.stop();
    await manager.close();
    // Committed transitions and notifications go out before the exit.
    await publishLoop.stop();
    await publisher.publishPending();
    await outboxLoop.stop();
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
