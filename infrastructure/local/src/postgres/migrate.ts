import { pathToFileURL } from 'node:url';
import type { runner as Runner } from 'node-pg-migrate';
import { MigrationError } from '../errors.js';
import { runCommand } from '../internal/runCommand.js';
import { sleep } from '../internal/sleep.js';
import type { Log } from '../Log.js';
import { stderrLog } from '../Log.js';
import { findMigrationsDir } from './findMigrationsDir.js';

export interface MigrateOptions {
  /** infrastructure/migrations by default (see findMigrationsDir). */
  migrationsDir?: string;
  log?: Log;
  /** How long to wait while another process holds node-pg-migrate's advisory lock. */
  lockTimeoutMs?: number;
}

/** The runner options both paths share; plain JSON so that they can cross into a child process. */
interface RunnerSettings {
  databaseUrl: string;
  dir: string;
  direction: 'up';
  migrationsTable: string;
  checkOrder: boolean;
  singleTransaction: boolean;
  ignorePattern: string;
}

const LOCK_BUSY = 'Another migration is already running';

/**
 * Applies every pending migration in infrastructure/migrations to the database (node-pg-migrate, table
 * `pgmigrations`, all pending files in one transaction) and returns the names it applied.
 *
 * node-pg-migrate is ESM-only. Plain Node loads it with import(); inside jest's VM, import() is not
 * available without --experimental-vm-modules, so there the same runner runs in a child Node process.
 * Concurrent callers (test workers) meet at node-pg-migrate's advisory lock; the loser waits and retries.
 */
export async function migrate(
  databaseUrl: string,
  options: MigrateOptions = {},
): Promise<{ applied: string[] }> {
  const log = options.log ?? stderrLog;
  const settings: RunnerSettings = {
    databaseUrl,
    dir: options.migrationsDir ?? findMigrationsDir(),
    direction: 'up',
    migrationsTable: 'pgmigrations',
    checkOrder: true,
    singleTransaction: true,
    // Dot files and notes are not migrations.
    ignorePattern: '\\..*|.*\\.md',
  };
  const run = await chooseRunner(log);
  const deadline = Date.now() + (options.lockTimeoutMs ?? 60_000);
  for (;;) {
    try {
      const applied = await run(settings);
      if (applied.length > 0) log(`applied migrations ${applied.join(', ')} to ${redact(databaseUrl)}`);
      return { applied };
    } catch (error) {
      const message = (error as Error).message;
      if (message.includes(LOCK_BUSY) && Date.now() < deadline) {
        await sleep(250);
        continue;
      }
      throw new MigrationError(`migrating ${redact(databaseUrl)} failed: ${message}`, error);
    }
  }
}

type RunMigrations = (settings: RunnerSettings) => Promise<string[]>;

async function chooseRunner(log: Log): Promise<RunMigrations> {
  let runner: typeof Runner;
  try {
    ({ runner } = await import('node-pg-migrate'));
  } catch {
    return runInChildProcess;
  }
  return async (settings) => {
    const applied = await runner({
      ...settings,
      logger: { debug: () => undefined, info: () => undefined, warn: log, error: log },
    });
    return applied.map((migration) => migration.name);
  };
}

const CHILD_SCRIPT = `
const [moduleUrl, settingsJson] = process.argv.slice(1);
const { runner } = await import(moduleUrl);
const quiet = () => undefined;
const report = (message) => process.stderr.write(String(message) + '\\n');
try {
  const applied = await runner({ ...JSON.parse(settingsJson), logger: { debug: quiet, info: quiet, warn: report, error: report } });
  process.stdout.write(JSON.stringify(applied.map((migration) => migration.name)));
} catch (error) {
  process.stderr.write(String(error && error.message ? error.message : error));
  process.exitCode = 1;
}
`;

async function runInChildProcess(settings: RunnerSettings): Promise<string[]> {
  const moduleUrl = pathToFileURL(require.resolve('node-pg-migrate')).href;
  const result = await runCommand(
    process.execPath,
    ['--input-type=module', '-e', CHILD_SCRIPT, moduleUrl, JSON.stringify(settings)],
    { timeoutMs: 120_000 },
  );
  if (result.exitCode !== 0)
    throw new Error(result.stderr.trim() || `migration process exited with ${result.exitCode}`);
  return JSON.parse(result.stdout) as string[];
}

/** The URL without its password, for messages. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(database url)';
  }
}
