/**
 * Structural checks of ecosystem.config.js, the PM2 apps for the four services.
 */
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { REPO_ROOT, SERVICE_NAMES, SERVICE_PORTS, envOf, loadCompose } from './deployFiles';

interface Pm2App {
  name: string;
  script: string;
  cwd?: string;
  env?: Record<string, string | number>;
  kill_timeout?: number;
  autorestart?: boolean;
  max_restarts?: number;
  min_uptime?: number | string;
  out_file?: string;
  error_file?: string;
  log_file?: string;
  instances?: number;
  exec_mode?: string;
}

interface EcosystemConfig {
  apps: Pm2App[];
}

/** Variables the ecosystem reads from the shell that runs `pm2 start`. */
const SHELL_OVERRIDES = [
  'KAFKA_BROKERS',
  'REDIS_URL',
  'DATABASE_URL',
  'LOG_LEVEL',
  'WINDOW_SIZE_MS',
  'HIGH_VALUE_THRESHOLD',
];

/** Loads a fresh copy of ecosystem.config.js with the given shell environment (and none of the above). */
function loadEcosystem(shellEnv: Record<string, string> = {}): EcosystemConfig {
  const saved = new Map(SHELL_OVERRIDES.map((key) => [key, process.env[key]]));
  for (const key of SHELL_OVERRIDES) delete process.env[key];
  Object.assign(process.env, shellEnv);
  try {
    let config: EcosystemConfig | undefined;
    jest.isolateModules(() => {
      config = jest.requireActual<EcosystemConfig>(join(REPO_ROOT, 'ecosystem.config.js'));
    });
    if (!config) throw new Error('ecosystem.config.js exported nothing');
    return config;
  } finally {
    for (const key of Object.keys(shellEnv)) delete process.env[key];
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

function app(config: EcosystemConfig, name: string): Pm2App {
  const found = config.apps.find((a) => a.name === name);
  if (!found) throw new Error(`ecosystem.config.js has no app "${name}"`);
  return found;
}

describe('ecosystem.config.js', () => {
  const config = loadEcosystem();

  it('defines exactly the four services', () => {
    expect(Array.isArray(config.apps)).toBe(true);
    expect(config.apps.map((a) => a.name).sort()).toEqual([...SERVICE_NAMES].sort());
  });

  it.each(SERVICE_NAMES)('runs %s from services/<name>/dist/main.js, from the repository root', (name) => {
    const a = app(config, name);
    expect(a.script).toBe(`services/${name}/dist/main.js`);
    const match = /^services\/([^/]+)\/dist\/main\.js$/.exec(a.script);
    expect(match?.[1]).toBe(name);
    // the named service exists as a workspace package
    expect(existsSync(join(REPO_ROOT, 'services', name))).toBe(true);
    expect(existsSync(join(REPO_ROOT, 'services', name, 'package.json'))).toBe(true);
    expect(resolve(a.cwd ?? '')).toBe(REPO_ROOT);
    expect(relative(REPO_ROOT, resolve(a.cwd ?? '', a.script))).toBe(
      join('services', name, 'dist', 'main.js'),
    );
  });

  it.each(SERVICE_NAMES)('points %s at the local launcher by default', (name) => {
    const env = app(config, name).env ?? {};
    expect(env.KAFKA_BROKERS).toBe('127.0.0.1:19092');
    expect(env.LOG_LEVEL).toBe('info');
    expect(String(env.HTTP_PORT)).toBe(String(SERVICE_PORTS[name]));
    for (const value of Object.values(env)) expect(typeof value).toBe('string');
  });

  it('gives each service the settings it reads', () => {
    const processor = app(config, 'stream-processor').env ?? {};
    expect(processor.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(processor.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/streamforge');
    expect(processor.WINDOW_SIZE_MS).toBe('60000');
    expect(app(config, 'cep-engine').env?.HIGH_VALUE_THRESHOLD).toBe('1000');
    expect(app(config, 'alert-engine').env?.DATABASE_URL).toBe(
      'postgres://postgres@127.0.0.1:5432/streamforge',
    );
  });

  it('uses the HTTP ports of the compose file', () => {
    const compose = loadCompose();
    for (const name of SERVICE_NAMES) {
      const composeService = compose.services[name];
      expect(composeService).toBeDefined();
      expect(String(app(config, name).env?.HTTP_PORT)).toBe(envOf(composeService ?? {}).HTTP_PORT);
    }
  });

  it.each(SERVICE_NAMES)('stops %s gracefully and restarts it a bounded number of times', (name) => {
    const a = app(config, name);
    // longer than the services' own 25 s shutdown deadline (onShutdown in @streamforge/telemetry)
    expect(a.kill_timeout).toBeGreaterThan(25_000);
    expect(a.autorestart).toBe(true);
    expect(Number.isInteger(a.max_restarts)).toBe(true);
    expect(a.max_restarts).toBeGreaterThan(0);
    expect(a.max_restarts).toBeLessThanOrEqual(100);
    expect(a.min_uptime).toBeDefined();
    // logs go to PM2's default files
    expect([a.out_file, a.error_file, a.log_file]).toEqual([undefined, undefined, undefined]);
    // one process per service: scaling out is a consumer-group matter, not PM2 cluster mode
    expect(a.instances ?? 1).toBe(1);
    expect(a.exec_mode ?? 'fork').toMatch(/^fork/);
  });

  it('takes connection settings from the shell that runs pm2 start', () => {
    const overridden = loadEcosystem({
      KAFKA_BROKERS: '127.0.0.1:19092,127.0.0.1:19093,127.0.0.1:19094',
      DATABASE_URL: 'postgres://sf:secret@db.example:5432/streamforge',
    });
    for (const name of SERVICE_NAMES) {
      expect(app(overridden, name).env?.KAFKA_BROKERS).toBe(
        '127.0.0.1:19092,127.0.0.1:19093,127.0.0.1:19094',
      );
    }
    expect(app(overridden, 'alert-engine').env?.DATABASE_URL).toBe(
      'postgres://sf:secret@db.example:5432/streamforge',
    );
    // and the defaults come back without them
    expect(app(loadEcosystem(), 'ingestion').env?.KAFKA_BROKERS).toBe('127.0.0.1:19092');
  });
});
