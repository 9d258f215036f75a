import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PrerequisiteMissingError } from '../errors.js';
import { findExecutable } from '../internal/findExecutable.js';
import { isLoopbackHost } from '../internal/isLoopbackHost.js';
import { runCommand } from '../internal/runCommand.js';
import { sleep } from '../internal/sleep.js';
import type { Log } from '../Log.js';
import { stderrLog } from '../Log.js';
import { postgresAnswers } from './postgresAnswers.js';

/** The services' database on the local server; `up` creates it when missing. */
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/streamforge';

export interface EnsurePostgresOptions {
  /** Defaults to DATABASE_URL, else postgres://postgres@127.0.0.1:5432/streamforge. */
  url?: string;
  log?: Log;
}

/**
 * Makes sure a PostgreSQL server answers at the URL (the database itself may not exist yet; see
 * ensureDatabase). When nothing answers on loopback, starts an installed Debian/Ubuntu cluster with
 * pg_ctlcluster; otherwise fails with one line saying what to install.
 */
export async function ensurePostgres(
  options: EnsurePostgresOptions = {},
): Promise<{ url: string; started: boolean }> {
  const url = options.url ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const log = options.log ?? stderrLog;
  if (await postgresAnswers(url)) return { url, started: false };

  const { hostname, port } = new URL(url);
  const where = `${hostname}:${port || 5432}`;
  const pgCtlCluster = isLoopbackHost(hostname) ? findExecutable('pg_ctlcluster', ['/usr/bin']) : undefined;
  const clusters = pgCtlCluster ? debianClusters() : [];
  if (!pgCtlCluster || clusters.length === 0) {
    throw new PrerequisiteMissingError(
      `PostgreSQL is not answering at ${where}` +
        (isLoopbackHost(hostname)
          ? ': install and start it (apt-get install postgresql / brew install postgresql@15) or set DATABASE_URL'
          : ': start it or point DATABASE_URL at a running server'),
    );
  }
  const failures: string[] = [];
  for (const version of clusters) {
    log(`starting PostgreSQL ${version}/main with pg_ctlcluster ...`);
    const result = await runCommand(pgCtlCluster, ['--skip-systemctl-redirect', version, 'main', 'start']);
    if (result.exitCode !== 0)
      failures.push(`${version}/main: ${(result.stderr || result.stdout).trim().split('\n')[0] ?? ''}`);
    for (let attempt = 0; attempt < 50; attempt++) {
      if (await postgresAnswers(url, 1_000)) return { url, started: true };
      await sleep(300);
    }
  }
  throw new PrerequisiteMissingError(
    `PostgreSQL is not answering at ${where} and pg_ctlcluster could not start it (${failures.join('; ') || 'it started elsewhere'}); start it or set DATABASE_URL`,
  );
}

/** Versions with a "main" cluster under /etc/postgresql, newest first. */
function debianClusters(): string[] {
  const root = '/etc/postgresql';
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((version) => existsSync(join(root, version, 'main', 'postgresql.conf')))
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
}
