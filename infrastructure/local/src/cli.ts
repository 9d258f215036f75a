#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { LocalInfraError } from './errors.js';
import { ensureCatalogueTopics } from './kafka/ensureCatalogueTopics.js';
import type { KafkaUpResult } from './kafka/LocalKafkaCluster.js';
import { LocalKafkaCluster } from './kafka/LocalKafkaCluster.js';
import { redisPing } from './redis/redisPing.js';
import { DEFAULT_REDIS_URL, ensureRedis } from './redis/ensureRedis.js';
import { ensureDatabase } from './postgres/ensureDatabase.js';
import { DEFAULT_DATABASE_URL, ensurePostgres } from './postgres/ensurePostgres.js';
import { migrate } from './postgres/migrate.js';
import { postgresAnswers } from './postgres/postgresAnswers.js';
import { ensureSchemaRegistry } from './registry/ensureSchemaRegistry.js';
import { DEFAULT_REGISTRY_PORT } from './registry/RegistryLayout.js';
import type { SchemaRegistryStatus } from './registry/schemaRegistryStatus.js';
import { schemaRegistryStatus } from './registry/schemaRegistryStatus.js';
import { stopSchemaRegistry } from './registry/stopSchemaRegistry.js';

const USAGE = `usage: node infrastructure/local/dist/cli.js <command> [options]

  up [--brokers 1|3] [--name N] [--base-port P] [--skip-topics] [--registry] [--json]
                      start Kafka (KRaft, no Docker) and create the catalogue's topics, check Redis and
                      Postgres (starting local installs if needed), create DATABASE_URL's database, migrate;
                      --registry also starts the schema registry (off by default: a ~200 MB JVM only schema tests need)
  registry up|down|status [--port P] [--json]
                      Apicurio Registry (Confluent API at http://127.0.0.1:${DEFAULT_REGISTRY_PORT}/apis/ccompat/v7,
                      in-memory storage); fetched from Maven Central on first use
  down [--name N] [--purge]
                      stop the cluster's brokers; --purge also deletes its data and logs
  status [--json]     clusters, their processes and log files; whether Redis, Postgres and the registry answer
  topics [--name N] [--brokers N]
                      create missing catalogue topics on KAFKA_BROKERS (or the local cluster), once
                      the cluster has N brokers if given; report drift
  migrate             apply infrastructure/migrations to DATABASE_URL (database created if missing)
  stop-broker <id> [--name N] [--kill]
  start-broker <id> [--name N]
                      stop / start one node of a running cluster (fail-over experiments)

env: KAFKA_BROKERS, REDIS_URL (default ${DEFAULT_REDIS_URL}),
     DATABASE_URL (default ${DEFAULT_DATABASE_URL}), STREAMFORGE_CACHE_DIR`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      brokers: { type: 'string' },
      'base-port': { type: 'string' },
      name: { type: 'string' },
      json: { type: 'boolean', default: false },
      purge: { type: 'boolean', default: false },
      kill: { type: 'boolean', default: false },
      'skip-topics': { type: 'boolean', default: false },
      registry: { type: 'boolean', default: false },
      port: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command === undefined) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const cluster = new LocalKafkaCluster();
  const databaseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const redisUrl = process.env.REDIS_URL ?? DEFAULT_REDIS_URL;

  switch (command) {
    case 'up': {
      const brokers = parseBrokers(values.brokers);
      const basePort = parsePort(values['base-port']);
      const started = Date.now();
      const kafka = await cluster.up({
        ...(values.name !== undefined ? { name: values.name } : {}),
        ...(brokers !== undefined ? { brokers } : {}),
        ...(basePort !== undefined ? { basePort } : {}),
        topics: !values['skip-topics'],
      });
      const failures: string[] = [];
      const redis = await ensureRedis({ url: redisUrl }).catch((error: unknown) =>
        failures.push(message(error)),
      );
      const postgres = await preparePostgres(databaseUrl).catch((error: unknown) =>
        failures.push(message(error)),
      );
      const registry = values.registry
        ? await ensureSchemaRegistry({
            port: parsePort(values.port, '--port') ?? DEFAULT_REGISTRY_PORT,
          }).catch((error: unknown) => {
            failures.push(message(error));
            return undefined;
          })
        : undefined;
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (values.json) {
        process.stdout.write(
          `${JSON.stringify({ kafka: { name: kafka.name, brokers: kafka.brokers }, redis: { url: redisUrl }, postgres: { url: databaseUrl }, ...(registry ? { schemaRegistry: { url: registry.url } } : {}) }, null, 2)}\n`,
        );
      } else {
        printUpSummary(
          cluster,
          kafka,
          redisUrl,
          databaseUrl,
          seconds,
          typeof redis === 'object',
          typeof postgres === 'object',
        );
        if (registry)
          process.stdout.write(`Registry  ${registry.url}\n  export SCHEMA_REGISTRY_URL=${registry.url}\n`);
      }
      for (const failure of failures) process.stderr.write(`error: ${failure}\n`);
      return failures.length > 0 ? 1 : 0;
    }
    case 'down': {
      const name = values.name ?? 'default';
      const { stoppedNodes } = await cluster.down({ name, purge: values.purge });
      process.stdout.write(
        `Kafka "${name}": ${stoppedNodes.length > 0 ? `stopped node(s) ${stoppedNodes.join(',')}` : 'nothing was running'}` +
          `${values.purge ? ', data deleted' : ''}\n`,
      );
      return 0;
    }
    case 'status': {
      const clusters = cluster.status();
      const redisUp = await redisAnswers(redisUrl);
      const postgresUp = await postgresAnswers(databaseUrl).catch(() => false);
      const registry = await schemaRegistryStatus({
        port: parsePort(values.port, '--port') ?? DEFAULT_REGISTRY_PORT,
      });
      if (values.json) {
        process.stdout.write(
          `${JSON.stringify({ cacheDir: cluster.cacheDir, kafka: clusters, redis: { url: redisUrl, answering: redisUp }, postgres: { url: databaseUrl, answering: postgresUp }, schemaRegistry: registry }, null, 2)}\n`,
        );
        return 0;
      }
      if (clusters.length === 0) process.stdout.write(`Kafka     no local clusters in ${cluster.cacheDir}\n`);
      for (const status of clusters) {
        const nodes = status.nodes
          .map(
            (node) =>
              `node ${node.nodeId} ${node.address} ${node.running ? `running (pid ${node.pid})` : 'stopped'}`,
          )
          .join('; ');
        process.stdout.write(
          `Kafka     "${status.name}": ${nodes}\n          logs: ${status.clusterDir}/node-<id>.log\n`,
        );
      }
      process.stdout.write(`Redis     ${redisUrl} ${redisUp ? 'answering' : 'NOT answering'}\n`);
      process.stdout.write(`Postgres  ${databaseUrl} ${postgresUp ? 'answering' : 'NOT answering'}\n`);
      process.stdout.write(`Registry  ${registryLine(registry)}\n`);
      return 0;
    }
    case 'registry':
      return registryCommand(rest[0], parsePort(values.port, '--port') ?? DEFAULT_REGISTRY_PORT, values.json);
    case 'topics': {
      const brokers =
        process.env.KAFKA_BROKERS?.split(',')
          .map((broker) => broker.trim())
          .filter(Boolean) ?? localBrokers(cluster, values.name);
      const brokerCount = parseBrokers(values.brokers);
      const result = await ensureCatalogueTopics(brokers, brokerCount === undefined ? {} : { brokerCount });
      process.stdout.write(
        `topics on ${brokers.join(',')}: ${result.created.length} created, ${result.existing.length} already there, ` +
          `${result.drift.length} drifted from the catalogue\n`,
      );
      return 0;
    }
    case 'migrate': {
      const { applied } = await preparePostgres(databaseUrl);
      process.stdout.write(
        applied.length > 0 ? `applied ${applied.join(', ')}\n` : 'migrations up to date\n',
      );
      return 0;
    }
    case 'stop-broker':
    case 'start-broker': {
      const nodeId = Number(rest[0]);
      const name = values.name ?? 'default';
      if (command === 'stop-broker') {
        await cluster.stopBroker(nodeId, { name, signal: values.kill ? 'SIGKILL' : 'SIGTERM' });
      } else {
        await cluster.startBroker(nodeId, { name });
      }
      process.stdout.write(
        `Kafka "${name}": node ${nodeId} ${command === 'stop-broker' ? 'stopped' : 'running'}\n`,
      );
      return 0;
    }
    default:
      process.stderr.write(`unknown command "${command}"\n${USAGE}\n`);
      return 2;
  }
}

/** `registry up|down|status`: the local Apicurio Registry on `port`. */
async function registryCommand(action: string | undefined, port: number, json: boolean): Promise<number> {
  switch (action) {
    case 'up': {
      const started = Date.now();
      const registry = await ensureSchemaRegistry({ port });
      if (json) {
        process.stdout.write(
          `${JSON.stringify({ url: registry.url, pid: registry.pid, started: registry.started }, null, 2)}\n`,
        );
      } else {
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        process.stdout.write(
          `Registry  ${registry.url}  (${registry.started ? 'started' : 'already running'}, ready in ${seconds} s; log ${registry.logFile})\n` +
            `  export SCHEMA_REGISTRY_URL=${registry.url}\n`,
        );
      }
      return 0;
    }
    case 'down': {
      const stopped = await stopSchemaRegistry({ port });
      process.stdout.write(
        `Registry on port ${port}: ${stopped ? 'stopped (its schemas are gone)' : 'nothing was running'}\n`,
      );
      return 0;
    }
    case 'status': {
      const status = await schemaRegistryStatus({ port });
      process.stdout.write(
        json ? `${JSON.stringify(status, null, 2)}\n` : `Registry  ${registryLine(status)}\n`,
      );
      return 0;
    }
    default:
      process.stderr.write(`registry needs up, down or status, not "${action ?? ''}"\n${USAGE}\n`);
      return 2;
  }
}

function registryLine(status: SchemaRegistryStatus): string {
  const owner = status.running ? `running (pid ${status.pid})` : 'not started by this launcher';
  return `${status.url} ${owner}, ${status.answering ? 'answering' : 'NOT answering'}; log ${status.logFile}`;
}

async function preparePostgres(url: string): Promise<{ applied: string[] }> {
  await ensurePostgres({ url });
  await ensureDatabase(url);
  return migrate(url);
}

function printUpSummary(
  cluster: LocalKafkaCluster,
  kafka: KafkaUpResult,
  redisUrl: string,
  databaseUrl: string,
  seconds: string,
  redisOk: boolean,
  postgresOk: boolean,
): void {
  const clusterDir = cluster.status({ name: kafka.name })[0]?.clusterDir ?? '';
  const lines = [
    `Kafka     ${kafka.brokers.join(',')}  (cluster "${kafka.name}", ${kafka.startedNodes.length > 0 ? 'started' : 'already running'}; logs ${clusterDir}/node-<id>.log)`,
    `Redis     ${redisUrl}  ${redisOk ? '' : '(NOT available)'}`.trimEnd(),
    `Postgres  ${databaseUrl}  ${postgresOk ? '(migrated)' : '(NOT available)'}`,
    `ready in ${seconds} s; for other tools:`,
    `  export KAFKA_BROKERS=${kafka.brokers.join(',')} REDIS_URL=${redisUrl} DATABASE_URL=${databaseUrl}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

function localBrokers(cluster: LocalKafkaCluster, name = 'default'): string[] {
  const status = cluster.status({ name })[0];
  if (!status?.running) {
    throw new LocalInfraError(
      `local Kafka "${name}" is not running and KAFKA_BROKERS is not set; run up first`,
      {
        code: 'CLUSTER_NOT_RUNNING',
      },
    );
  }
  return status.brokers;
}

function parsePort(value: string | undefined, flag = '--base-port'): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1024 || port > 65_000) {
    throw new LocalInfraError(`${flag} must be a port number between 1024 and 65000, not "${value}"`, {
      code: 'BAD_ARGUMENT',
    });
  }
  return port;
}

function parseBrokers(value: string | undefined): 1 | 3 | undefined {
  if (value === undefined) return undefined;
  if (value === '1' || value === '3') return Number(value) as 1 | 3;
  throw new LocalInfraError(`--brokers must be 1 or 3, not "${value}"`, { code: 'BAD_ARGUMENT' });
}

async function redisAnswers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return redisPing(hostname || '127.0.0.1', port ? Number(port) : 6379);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`error: ${message(error)}\n`);
    process.exitCode = 1;
  },
);
