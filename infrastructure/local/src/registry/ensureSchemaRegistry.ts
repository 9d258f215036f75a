import { streamforgeCacheDir } from '../cacheDir.js';
import { withFileLock } from '../internal/fileLock.js';
import { findJava } from '../internal/findJava.js';
import { isPortFree } from '../internal/isPortFree.js';
import { sleep } from '../internal/sleep.js';
import { tailFile } from '../internal/tailFile.js';
import type { Log } from '../Log.js';
import { stderrLog } from '../Log.js';
import { ensureApicurioDistribution } from './ApicurioDistribution.js';
import type { RegistryLayout } from './RegistryLayout.js';
import { DEFAULT_REGISTRY_PORT, registryLayout } from './RegistryLayout.js';
import { runningRegistryPid, startRegistryProcess } from './RegistryProcess.js';
import { RegistryStartError } from './registryErrors.js';
import type { CompatibilityLevel } from './registryHttp.js';
import {
  readGlobalCompatibility,
  registryAnswers,
  registryReady,
  setGlobalCompatibility,
} from './registryHttp.js';

export interface EnsureSchemaRegistryOptions {
  /** HTTP port on 127.0.0.1 (default 8085, the port compose publishes its registry on). */
  port?: number;
  cacheDir?: string;
  log?: Log;
  /** How long a starting registry may take to answer (default 120 s). */
  timeoutMs?: number;
  /**
   * The global compatibility level of a registry this launcher runs (default BACKWARD, Confluent's
   * default; Apicurio's own default is NONE, under which every schema would be accepted).
   */
  compatibility?: CompatibilityLevel;
}

export interface SchemaRegistryUpResult {
  /** The Confluent-compatible base URL, e.g. `http://127.0.0.1:8085/apis/ccompat/v7`. */
  url: string;
  port: number;
  /** True when this call started the JVM; false when it was running already. */
  started: boolean;
  /** Pid of the registry JVM when this launcher runs it; undefined for a registry someone else runs. */
  pid?: number;
  logFile: string;
}

/**
 * Makes sure an Apicurio Registry answers the Confluent API on 127.0.0.1:`port`, starting one (and
 * installing it the first time) when none runs; a running one answers in a few milliseconds. Several
 * callers at once (jest workers, the CLI) are serialised by a lock, so only one JVM is ever started.
 *
 * Apicurio differs from Confluent's registry where it matters to clients: its global compatibility level
 * defaults to NONE, and for a subject without a level of its own it reports NONE rather than 404 or the
 * global level. So the global level is set (BACKWARD) on every registry this launcher runs, which makes
 * registering, evolving and rejecting schemas behave as against Confluent's default configuration.
 */
export async function ensureSchemaRegistry(
  options: EnsureSchemaRegistryOptions = {},
): Promise<SchemaRegistryUpResult> {
  const cacheDir = options.cacheDir ?? streamforgeCacheDir();
  const log = options.log ?? stderrLog;
  const port = options.port ?? DEFAULT_REGISTRY_PORT;
  if (!Number.isInteger(port) || port < 1024 || port > 65_000) {
    throw new RegistryStartError(`the registry port must be between 1024 and 65000, not ${port}`, '', {
      retriable: false,
    });
  }
  const layout = registryLayout(cacheDir, port);
  const compatibility = options.compatibility ?? 'BACKWARD';
  const result = (pid: number | undefined, started: boolean): SchemaRegistryUpResult => ({
    url: layout.url,
    port,
    started,
    logFile: layout.logFile,
    ...(pid !== undefined ? { pid } : {}),
  });

  // Ours, running and answering: no lock and no installation check.
  const running = runningRegistryPid(layout);
  if (running !== undefined && (await registryAnswers(layout.url))) {
    await ensureGlobalCompatibility(layout.url, compatibility, log);
    return result(running, false);
  }

  const distribution = await ensureApicurioDistribution(cacheDir, log);
  return withFileLock(
    layout.lockDir,
    async () => {
      let pid = runningRegistryPid(layout);
      let started = false;
      const startedAt = Date.now();
      if (pid === undefined) {
        if (!(await isPortFree(port))) {
          if (await registryAnswers(layout.url)) {
            // Someone else's registry (another cache dir, a container): use it, and leave its settings alone.
            log(`a schema registry not started by this launcher answers at ${layout.url}; using it`);
            return result(undefined, false);
          }
          throw new RegistryStartError(
            `port ${port} is used by another process that does not answer the registry API at ${layout.url}; ` +
              `stop it, or choose another port (registry up --port P)`,
            layout.logFile,
            { retriable: false },
          );
        }
        log(`starting Apicurio Registry ${distribution.version} on 127.0.0.1:${port} ...`);
        pid = startRegistryProcess(findJava(), distribution, layout);
        started = true;
      }
      await waitForRegistry(layout, options.timeoutMs ?? 120_000);
      await ensureGlobalCompatibility(layout.url, compatibility, log);
      if (started) {
        log(
          `Apicurio Registry serves ${layout.url} (started in ${((Date.now() - startedAt) / 1000).toFixed(1)} s)`,
        );
      }
      return result(pid, started);
    },
    {
      onWait: (owner) =>
        log(`waiting for pid ${owner ?? '?'} to finish with the schema registry on port ${port} ...`),
    },
  );
}

/**
 * Polls until the registry's storage is ready and its Confluent API answers; a JVM that exits meanwhile
 * ends the wait at once with the last lines of its log.
 */
async function waitForRegistry(layout: RegistryLayout, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await registryReady(layout.readinessUrl)) && (await registryAnswers(layout.url))) return;
    if (runningRegistryPid(layout) === undefined) {
      throw new RegistryStartError(
        `Apicurio Registry exited while starting; see ${layout.logFile}:\n${tailFile(layout.logFile, 15).join('\n')}`,
        layout.logFile,
      );
    }
    if (Date.now() >= deadline) {
      throw new RegistryStartError(
        `Apicurio Registry did not answer at ${layout.url} within ${Math.round(timeoutMs / 1000)} s; ` +
          `see ${layout.logFile}:\n${tailFile(layout.logFile, 15).join('\n')}`,
        layout.logFile,
      );
    }
    await sleep(250);
  }
}

async function ensureGlobalCompatibility(url: string, level: CompatibilityLevel, log: Log): Promise<void> {
  const current = await readGlobalCompatibility(url);
  if (current.toUpperCase() === level) return;
  await setGlobalCompatibility(url, level);
  log(`schema registry ${url}: global compatibility ${current} -> ${level}`);
}
