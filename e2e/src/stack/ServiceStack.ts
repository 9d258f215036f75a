import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './freePort.js';
import { repoRoot } from './repoRoot.js';

export const SERVICE_NAMES = ['ingestion', 'stream-processor', 'cep-engine', 'alert-engine'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface ServiceStackOptions {
  brokers: readonly string[];
  redisUrl: string;
  databaseUrl: string;
  /** Where each service's stdout and stderr go, as `<name>.log`. */
  logDir: string;
  /** Which services to run; all four by default. */
  services?: readonly ServiceName[];
  /** Extra environment for every service (topic names, group ids, thresholds). */
  env?: Record<string, string>;
  /** Extra environment per service. */
  serviceEnv?: Partial<Record<ServiceName, Record<string, string>>>;
  readyTimeoutMs?: number;
}

interface RunningService {
  name: ServiceName;
  url: string;
  process: ChildProcess;
  logFile: string;
  exit: Promise<number | null>;
  /** What it was started with, so that a restart runs the same service on the same port. */
  env: Record<string, string>;
}

/**
 * The four built services as real child processes (`node services/<name>/dist/main.js`), each on a
 * free loopback port, started in pipeline order and awaited until `/ready` answers 200.
 */
export class ServiceStack {
  private constructor(
    private readonly services: Map<ServiceName, RunningService>,
    private readonly readyTimeoutMs: number,
  ) {}

  static async start(options: ServiceStackOptions): Promise<ServiceStack> {
    mkdirSync(options.logDir, { recursive: true });
    const services = new Map<ServiceName, RunningService>();
    const stack = new ServiceStack(services, options.readyTimeoutMs ?? 60_000);
    try {
      for (const name of options.services ?? SERVICE_NAMES) {
        const port = await freePort();
        const env = {
          PATH: process.env.PATH ?? '',
          KAFKA_BROKERS: options.brokers.join(','),
          REDIS_URL: options.redisUrl,
          DATABASE_URL: options.databaseUrl,
          HTTP_PORT: String(port),
          LOG_LEVEL: 'info',
          ...options.env,
          ...options.serviceEnv?.[name],
        };
        const service = spawnService(name, env, join(options.logDir, `${name}.log`), port);
        services.set(name, service);
        await stack.waitUntilReady(service, stack.readyTimeoutMs);
      }
    } catch (error) {
      await stack.stop();
      throw error;
    }
    return stack;
  }

  /**
   * Sends `signal` to a service and waits for it to exit (SIGKILL for a crash test); returns the exit
   * code, or null when a signal ended it.
   */
  async kill(name: ServiceName, signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    const service = this.require(name);
    if (service.process.exitCode === null && service.process.signalCode === null)
      service.process.kill(signal);
    return service.exit;
  }

  /** Starts a stopped service again with the same environment and port, and waits until it is ready. */
  async restart(name: ServiceName): Promise<void> {
    const previous = this.require(name);
    if (previous.process.exitCode === null && previous.process.signalCode === null)
      throw new Error(`${name} is still running; kill it first`);
    const service = spawnService(name, previous.env, previous.logFile, Number(previous.env.HTTP_PORT));
    this.services.set(name, service);
    await this.waitUntilReady(service, this.readyTimeoutMs);
  }

  private require(name: ServiceName): RunningService {
    const service = this.services.get(name);
    if (!service) throw new Error(`${name} is not part of this stack`);
    return service;
  }

  url(name: ServiceName): string {
    const service = this.services.get(name);
    if (!service) throw new Error(`${name} is not part of this stack`);
    return service.url;
  }

  /** The service's log so far, for assertions and failure messages. */
  log(name: ServiceName): string {
    const service = this.services.get(name);
    return service ? readFileSync(service.logFile, 'utf8') : '';
  }

  /**
   * SIGTERM to every service, last stage first so upstream output is still consumed; returns each
   * exit code (0 means the graceful shutdown completed).
   */
  async stop(timeoutMs = 30_000): Promise<Record<string, number | null>> {
    const codes: Record<string, number | null> = {};
    for (const service of [...this.services.values()].reverse()) {
      if (service.process.exitCode === null && service.process.signalCode === null)
        service.process.kill('SIGTERM');
      const timer = setTimeout(() => service.process.kill('SIGKILL'), timeoutMs);
      codes[service.name] = await service.exit;
      clearTimeout(timer);
    }
    return codes;
  }

  private async waitUntilReady(service: RunningService, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exited: number | null | undefined;
    void service.exit.then((code) => (exited = code));
    while (Date.now() < deadline) {
      if (exited !== undefined) {
        throw new Error(
          `${service.name} exited with ${exited} before it was ready:\n${tail(readFileSync(service.logFile, 'utf8'))}`,
        );
      }
      try {
        const response = await fetch(`${service.url}/ready`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(
      `${service.name} was not ready within ${timeoutMs} ms:\n${tail(readFileSync(service.logFile, 'utf8'))}`,
    );
  }
}

function spawnService(
  name: ServiceName,
  env: Record<string, string>,
  logFile: string,
  port: number,
): RunningService {
  const root = repoRoot();
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, [join(root, 'services', name, 'dist', 'main.js')], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  return { name, url: `http://127.0.0.1:${port}`, process: child, logFile, exit, env };
}

function tail(text: string, lines = 30): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
