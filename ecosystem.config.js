/**
 * PM2 apps for the four StreamForge services, run from the built workspace (`pnpm build` first):
 *
 *   pnpm infra:up      # Kafka on 127.0.0.1:19092, Redis and Postgres (the no-Docker launcher)
 *   pnpm pm2:start     # pm2 start ecosystem.config.js
 *   pnpm pm2:stop      # pm2 delete ecosystem.config.js
 *
 * The defaults point at the local launcher; KAFKA_BROKERS, REDIS_URL, DATABASE_URL and LOG_LEVEL set in
 * the shell that runs `pm2 start` take precedence (e.g. the compose stack from the host:
 * KAFKA_BROKERS=127.0.0.1:19092,127.0.0.1:19093,127.0.0.1:19094). Logs go to PM2's default files
 * (~/.pm2/logs/<app>-out.log and <app>-error.log).
 */
'use strict';

const shared = {
  KAFKA_BROKERS: process.env.KAFKA_BROKERS || '127.0.0.1:19092',
  LOG_LEVEL: process.env.LOG_LEVEL || 'info',
  NODE_ENV: 'production',
};
const databaseUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/streamforge';
const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/** Each service: its folder under services/, its HTTP port and the settings only it reads. */
const services = [
  { name: 'ingestion', port: 8080, env: {} },
  {
    name: 'stream-processor',
    port: 8081,
    env: {
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      WINDOW_SIZE_MS: process.env.WINDOW_SIZE_MS || '60000',
    },
  },
  {
    name: 'cep-engine',
    port: 8082,
    env: { HIGH_VALUE_THRESHOLD: process.env.HIGH_VALUE_THRESHOLD || '1000' },
  },
  { name: 'alert-engine', port: 8083, env: { DATABASE_URL: databaseUrl } },
];

module.exports = {
  apps: services.map((service) => ({
    name: service.name,
    script: `services/${service.name}/dist/main.js`,
    cwd: __dirname,
    node_args: ['--enable-source-maps'],
    exec_mode: 'fork',
    instances: 1,
    env: { ...shared, HTTP_PORT: String(service.port), ...service.env },
    // PM2 stops an app with SIGINT, which the services treat like SIGTERM: stop consuming, finish and
    // commit the in-flight work, close the clients, force-exit after 25 s (onShutdown in
    // @streamforge/telemetry). PM2 waits this long before SIGKILL; its default, 1.6 s, would cut that short.
    kill_timeout: 30_000,
    // Restart after a crash with a growing back-off, but give up on a service that keeps dying within
    // min_uptime of its start instead of restarting it forever.
    autorestart: true,
    max_restarts: 10,
    min_uptime: '10s',
    exp_backoff_restart_delay: 200,
    watch: false,
    merge_logs: true,
  })),
};
