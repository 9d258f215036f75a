import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { streamforgeCacheDir } from '../cacheDir.js';
import { PrerequisiteMissingError } from '../errors.js';
import { findExecutable } from '../internal/findExecutable.js';
import { isLoopbackHost } from '../internal/isLoopbackHost.js';
import { runCommand } from '../internal/runCommand.js';
import { sleep } from '../internal/sleep.js';
import type { Log } from '../Log.js';
import { stderrLog } from '../Log.js';
import { redisPing } from './redisPing.js';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export interface EnsureRedisOptions {
  /** Defaults to REDIS_URL, else redis://127.0.0.1:6379. */
  url?: string;
  cacheDir?: string;
  log?: Log;
}

/**
 * Makes sure Redis answers at the URL. When nothing answers on a loopback address and redis-server is
 * installed, starts it as a daemon without persistence (test state is disposable, and RDB snapshots of it
 * would only cost disk and time); otherwise fails with one line saying what to install.
 */
export async function ensureRedis(
  options: EnsureRedisOptions = {},
): Promise<{ url: string; started: boolean }> {
  const url = options.url ?? process.env.REDIS_URL ?? DEFAULT_REDIS_URL;
  const log = options.log ?? stderrLog;
  const { hostname, port: portText } = new URL(url);
  const host = hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
  const port = portText ? Number(portText) : 6379;
  if (await redisPing(host, port)) return { url, started: false };

  const server = isLoopbackHost(host)
    ? findExecutable('redis-server', ['/usr/sbin', '/usr/local/bin', '/opt/homebrew/bin'])
    : undefined;
  if (!server) {
    throw new PrerequisiteMissingError(
      `Redis is not answering at ${host}:${port}` +
        (isLoopbackHost(host)
          ? ' and redis-server is not installed: install it (apt-get install redis-server / brew install redis) or set REDIS_URL'
          : ': start it or point REDIS_URL at a running server'),
    );
  }
  const dir = join(options.cacheDir ?? streamforgeCacheDir(), 'redis');
  mkdirSync(dir, { recursive: true });
  log(`starting ${server} on 127.0.0.1:${port} ...`);
  const settings: Array<[string, string]> = [
    ['daemonize', 'yes'],
    ['bind', '127.0.0.1'],
    ['port', String(port)],
    ['save', ''],
    ['appendonly', 'no'],
    ['dir', dir],
    ['logfile', join(dir, `redis-${port}.log`)],
    ['pidfile', join(dir, `redis-${port}.pid`)],
  ];
  const result = await runCommand(
    server,
    settings.flatMap(([name, value]) => [`--${name}`, value]),
  );
  for (let attempt = 0; attempt < 50; attempt++) {
    if (await redisPing(host, port)) return { url, started: true };
    await sleep(200);
  }
  throw new PrerequisiteMissingError(
    `redis-server did not answer on 127.0.0.1:${port} after starting (exit ${result.exitCode}); see ${join(dir, `redis-${port}.log`)}`,
  );
}
