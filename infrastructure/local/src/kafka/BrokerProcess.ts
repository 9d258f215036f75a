import {
  appendFileSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { spawn } from 'node:child_process';
import { isProcessAlive, waitForExit } from '../internal/processLiveness.js';
import type { BrokerNode } from './ClusterLayout.js';
import type { KafkaLibraries } from './KafkaLibraries.js';

/**
 * The pid of the node's running JVM, or undefined. A pid counts only if that process's command line
 * names this node's server.properties, so a pid recycled after a reboot is never mistaken for ours.
 */
export function runningBrokerPid(node: BrokerNode): number | undefined {
  if (!existsSync(node.pidFile)) return undefined;
  const pid = Number.parseInt(readFileSync(node.pidFile, 'utf8'), 10);
  return isProcessAlive(pid, node.propertiesFile) ? pid : undefined;
}

/** Written to the node's log and stdout file before each start, so that a failure is read from this start only. */
export const START_MARKER = '==== starting node';

/**
 * Starts the node's JVM detached from this process (own session, output to files, unref'd), so the
 * broker outlives the CLI or the jest worker that started it, and records its pid.
 */
export function startBrokerProcess(
  java: string,
  libraries: KafkaLibraries,
  node: BrokerNode,
  log4jFile: string,
): number {
  mkdirSync(node.dir, { recursive: true });
  const marker = `${START_MARKER} ${node.nodeId} at ${new Date().toISOString()} ====\n`;
  appendFileSync(node.logFile, marker);
  const output = openSync(node.stdoutFile, 'a');
  try {
    writeFileSync(output, marker);
    const child = spawn(
      java,
      [
        '-Xms256m',
        '-Xmx1g',
        '-XX:+UseG1GC',
        '-XX:MaxGCPauseMillis=20',
        '-XX:+ExitOnOutOfMemoryError',
        '-Djava.awt.headless=true',
        `-Dlog4j.configuration=file:${log4jFile}`,
        `-Dstreamforge.broker.log=${node.logFile}`,
        '-cp',
        libraries.classpath,
        'kafka.Kafka',
        node.propertiesFile,
      ],
      { cwd: node.dir, detached: true, stdio: ['ignore', output, output] },
    );
    if (child.pid === undefined) throw new Error(`could not spawn ${java} for node ${node.nodeId}`);
    // Without a listener a failed spawn (ENOENT) would be an uncaught 'error' event.
    child.on('error', () => undefined);
    child.unref();
    writeFileSync(node.pidFile, `${child.pid}\n`);
    return child.pid;
  } finally {
    closeSync(output);
  }
}

export interface StopBrokerProcessOptions {
  /** SIGTERM shuts down cleanly (leadership moves first); SIGKILL simulates a crash. */
  signal?: 'SIGTERM' | 'SIGKILL';
  /** After this long a SIGTERM'd broker is killed. */
  timeoutMs?: number;
}

/** Stops the node's JVM if it runs; true when it was running. Only ever signals the pid we recorded. */
export async function stopBrokerProcess(
  node: BrokerNode,
  options: StopBrokerProcessOptions = {},
): Promise<boolean> {
  const pid = runningBrokerPid(node);
  if (pid === undefined) {
    rmSync(node.pidFile, { force: true });
    return false;
  }
  const signal = options.signal ?? 'SIGTERM';
  signalProcess(pid, signal);
  if (!(await waitForExit(pid, options.timeoutMs ?? 30_000, node.propertiesFile))) {
    signalProcess(pid, 'SIGKILL');
    await waitForExit(pid, 10_000, node.propertiesFile);
  }
  rmSync(node.pidFile, { force: true });
  return true;
}

function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
