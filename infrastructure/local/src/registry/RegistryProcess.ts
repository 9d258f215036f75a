import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { isProcessAlive, waitForExit } from '../internal/processLiveness.js';
import type { ApicurioDistribution } from './ApicurioDistribution.js';
import type { RegistryLayout } from './RegistryLayout.js';

/** Text every registry JVM we start has in its command line, whatever the Apicurio version. */
const RUNNER_MARKER = 'apicurio-registry-app';

/** A log past this size is moved to `<log>.1` before the next start, so it never grows without bound. */
const MAX_LOG_BYTES = 50 * 1024 * 1024;

/**
 * The pid of the registry JVM on the layout's port, or undefined. It counts only if its command line
 * names the Apicurio runner and this port, so a pid recycled after a reboot is never taken for ours.
 */
export function runningRegistryPid(layout: RegistryLayout): number | undefined {
  if (!existsSync(layout.pidFile)) return undefined;
  const pid = Number.parseInt(readFileSync(layout.pidFile, 'utf8'), 10);
  return isProcessAlive(pid, RUNNER_MARKER) && isProcessAlive(pid, portProperty(layout.port))
    ? pid
    : undefined;
}

/**
 * Starts the registry detached from this process (own session, output to the log file, unref'd) so that
 * it outlives the CLI or jest worker that started it, and records its pid. Storage is Apicurio's default,
 * an in-memory H2 database: schemas last as long as the process, which suits tests and local runs.
 */
export function startRegistryProcess(
  java: string,
  distribution: ApicurioDistribution,
  layout: RegistryLayout,
): number {
  mkdirSync(layout.dir, { recursive: true });
  rollLog(layout.logFile);
  const output = openSync(layout.logFile, 'a');
  try {
    writeFileSync(
      output,
      `==== starting Apicurio Registry ${distribution.version} at ${new Date().toISOString()} ====\n`,
    );
    const child = spawn(
      java,
      [
        // The registry holds a few hundred schemas at most here; 384 MB leaves room next to the brokers.
        '-Xms64m',
        '-Xmx384m',
        // Two cores: a serial collector and C1 only keep its CPU use and start-up time low; its request
        // load in tests is tiny, so the peak throughput C2 would bring does not matter.
        '-XX:+UseSerialGC',
        '-XX:TieredStopAtLevel=1',
        '-XX:+ExitOnOutOfMemoryError',
        '-Djava.awt.headless=true',
        '-Dquarkus.http.host=127.0.0.1',
        portProperty(layout.port),
        '-Dquarkus.management.host=127.0.0.1',
        `-Dquarkus.management.port=${layout.managementPort}`,
        // Spelled out although they are the defaults: in-memory storage is what the launcher promises.
        '-Dapicurio.storage.kind=sql',
        '-Dapicurio.storage.sql.kind=h2',
        '-jar',
        distribution.runnerJar,
      ],
      { cwd: distribution.appDir, detached: true, stdio: ['ignore', output, output] },
    );
    if (child.pid === undefined) throw new Error(`could not spawn ${java} for Apicurio Registry`);
    // Without a listener a failed spawn (ENOENT) would be an uncaught 'error' event.
    child.on('error', () => undefined);
    child.unref();
    writeFileSync(layout.pidFile, `${child.pid}\n`);
    return child.pid;
  } finally {
    closeSync(output);
  }
}

/** Stops the registry on the layout's port if it runs; true when it was running. Signals only our pid. */
export async function stopRegistryProcess(layout: RegistryLayout, timeoutMs = 20_000): Promise<boolean> {
  const pid = runningRegistryPid(layout);
  if (pid === undefined) {
    rmSync(layout.pidFile, { force: true });
    return false;
  }
  signal(pid, 'SIGTERM');
  if (!(await waitForExit(pid, timeoutMs, RUNNER_MARKER))) {
    signal(pid, 'SIGKILL');
    await waitForExit(pid, 10_000, RUNNER_MARKER);
  }
  rmSync(layout.pidFile, { force: true });
  return true;
}

function portProperty(port: number): string {
  return `-Dquarkus.http.port=${port}`;
}

function rollLog(file: string): void {
  try {
    if (statSync(file).size > MAX_LOG_BYTES) renameSync(file, `${file}.1`);
  } catch {
    // No log yet: nothing to roll.
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
