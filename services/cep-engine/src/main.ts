import { HIGH_VALUE_TRANSACTION, PatternRegistry } from '@streamforge/cep';
import { loadConfigOrExit } from '@streamforge/config';
import { createKafkaClient, deadLetterTopicName } from '@streamforge/kafka';
import type { StreamEvent } from '@streamforge/stream';
import { runKafkaJob } from '@streamforge/stream';
import {
  createLogger,
  createMetricsRegistry,
  createServiceApp,
  onShutdown,
  startHttpServer,
} from '@streamforge/telemetry';
import { Redis } from 'ioredis';
import { Counter, Gauge } from 'prom-client';
import { cepJob } from './cepJob.js';
import { cepEngineConfigSchema } from './config.js';
import { loadPatterns } from './loadPatterns.js';
import { PatternFolderWatcher } from './PatternFolderWatcher.js';

const SERVICE = 'cep-engine';
/** Names the job's changelog (`<group>-patterns-changelog`) and its Redis checkpoint keys. */
const JOB = 'patterns';

async function main(): Promise<void> {
  const config = loadConfigOrExit(SERVICE, cepEngineConfigSchema);
  // A bad pattern file is bad configuration: one line per file, the field path in it, exit 78.
  const initial = loadPatterns(config.PATTERNS_DIR, config.HIGH_VALUE_THRESHOLD);
  if (initial.problems.length > 0) {
    for (const problem of initial.problems)
      process.stderr.write(`${SERVICE}: invalid configuration: PATTERNS_DIR: ${problem.message}\n`);
    process.exit(78);
  }
  const logger = createLogger({ service: SERVICE, level: config.LOG_LEVEL });
  const patterns = new PatternRegistry<StreamEvent>(
    initial.files.map(({ pattern, version }) => ({ pattern, version })),
  );

  const registry = createMetricsRegistry(SERVICE);
  const outputs = new Counter({
    name: 'streamforge_cep_outputs_total',
    help: 'Records handed to a transaction, by kind (match, timeout, late) and pattern',
    labelNames: ['kind', 'pattern'],
    registers: [registry],
  });
  const reloads = new Counter({
    name: 'streamforge_cep_pattern_reloads_total',
    help: 'Pattern folder reloads, by result (applied, unchanged, rejected)',
    labelNames: ['result'],
    registers: [registry],
  });
  new Gauge({
    name: 'streamforge_cep_patterns',
    help: 'Patterns registered',
    registers: [registry],
    collect(this: Gauge) {
      this.set(patterns.size);
    },
  });

  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 3, lazyConnect: true });
  await redis.connect();
  const kafka = createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: SERVICE, logger });
  const job = cepJob({
    patterns,
    inputTopic: config.INPUT_TOPIC,
    matchesTopic: config.MATCHES_TOPIC,
    timeoutsTopic: config.TIMEOUTS_TOPIC,
    lateTopic: config.LATE_TOPIC,
    maxOutOfOrdernessMs: config.MAX_OUT_OF_ORDERNESS_MS,
    onOutput: (kind, pattern) => outputs.inc({ kind, pattern }),
  });
  const runner = await runKafkaJob(job, {
    kafka,
    redis,
    app: config.CONSUMER_GROUP,
    job: JOB,
    groupId: config.CONSUMER_GROUP,
    transactionalIdPrefix: config.TRANSACTIONAL_ID_PREFIX,
    deadLetterTopic: deadLetterTopicName(config.INPUT_TOPIC),
    checkpoint: { intervalMs: config.CHECKPOINT_INTERVAL_MS },
    sessionTimeoutMs: config.SESSION_TIMEOUT_MS,
    partitionsConsumedConcurrently: config.PARTITION_CONCURRENCY,
    logger,
  });

  const watcher = new PatternFolderWatcher({
    directory: config.PATTERNS_DIR,
    highValueThreshold: config.HIGH_VALUE_THRESHOLD,
    registry: patterns,
    debounceMs: config.PATTERNS_RELOAD_DEBOUNCE_MS,
    logger,
    onReload: (result) => reloads.inc({ result }),
  });
  if (config.PATTERNS_WATCH) watcher.start();

  const app = createServiceApp({
    registry,
    readiness: [
      { name: 'kafka', check: runner.isReady },
      { name: 'redis', check: () => redis.status === 'ready' },
    ],
  });
  app.get('/api/patterns', (_request, response) => {
    response.json({
      patterns: patterns.list().map(({ pattern, version }) => ({
        id: pattern.id,
        name: pattern.name,
        severity: pattern.severity,
        version,
        ...(pattern.withinMs === undefined ? {} : { withinMs: pattern.withinMs }),
      })),
    });
  });
  const server = await startHttpServer(app, config.HTTP_PORT);
  logger.info(
    {
      port: config.HTTP_PORT,
      input: config.INPUT_TOPIC,
      patternsDir: config.PATTERNS_DIR,
      patterns: patterns.list().map(({ pattern }) => pattern.id),
      highValueThreshold: patterns.get(HIGH_VALUE_TRANSACTION) ? config.HIGH_VALUE_THRESHOLD : undefined,
    },
    'cep-engine running',
  );

  onShutdown(logger, async () => {
    watcher.close();
    await server.close();
    await runner.stop();
    await redis.quit();
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${SERVICE}: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
