'use strict';
/**
 * The window job as the crash test kills it: runKafkaJob with Redis checkpoints, from the built
 * @streamforge/stream, under bare node. Prints "ready" once it has joined the group and one
 * "restored <partition>" line per restored task; SIGTERM stops it gracefully.
 *
 * Env: BROKERS (comma list), REDIS_URL, APP, INPUT, OUTPUT, LATE, SESSION_TIMEOUT_MS, SLOW_EVERY, SLOW_MS.
 */
const { createKafkaClient } = require('@streamforge/kafka');
const { runKafkaJob } = require('@streamforge/stream');
const { Redis } = require('ioredis');
const { windowJob } = require('./windowJob.js');

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const line = (level) => (fields, message) =>
  process.stderr.write(`${new Date().toISOString()} ${level} ${message} ${JSON.stringify(fields)}\n`);
const kafkaLogger = {
  error: line('error'),
  warn: line('warn'),
  info: () => undefined,
  debug: () => undefined,
};
const jobLogger = {
  ...kafkaLogger,
  info: (fields, message) => {
    if (message === 'restored partition state') process.stdout.write(`restored ${fields.partition}\n`);
    line('info')(fields, message);
  },
};

let started;
let redis;

async function main() {
  const kafka = createKafkaClient({
    brokers: env('BROKERS').split(','),
    clientId: `stream-crash-child-${process.pid}`,
    logger: kafkaLogger,
  });
  redis = new Redis(env('REDIS_URL'));
  const job = windowJob({
    input: env('INPUT'),
    output: env('OUTPUT'),
    slowEveryEvents: Number(process.env.SLOW_EVERY ?? '0'),
    slowMs: Number(process.env.SLOW_MS ?? '0'),
  });
  started = runKafkaJob(job, {
    kafka,
    redis,
    app: env('APP'),
    job: 'windows',
    lateTopic: env('LATE'),
    checkpoint: { intervalMs: 1_000, timeoutMs: 10_000, minPauseMs: 200, maxConcurrent: 2, backend: 'redis' },
    tickIntervalMs: 500,
    sessionTimeoutMs: Number(env('SESSION_TIMEOUT_MS')),
    partitionsConsumedConcurrently: 6,
    logger: jobLogger,
  });
  await started;
  process.stdout.write('ready\n');
}

// Registered before the group join, so that an early SIGTERM waits for the start, then stops.
process.once('SIGTERM', () => {
  Promise.resolve(started)
    .then((runner) => runner && runner.stop())
    .then(() => redis && redis.quit())
    .then(
      () => process.exit(0),
      (error) => {
        process.stderr.write(`stop failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
});

main().catch((error) => {
  process.stderr.write(`child failed: ${error && error.stack ? error.stack : String(error)}\n`);
  process.exit(2);
});
