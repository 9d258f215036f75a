import { readFileSync } from 'node:fs';
import { sleep } from './sleep.js';

/**
 * True when `pid` is a running process. With `commandLineIncludes`, the process must also have that
 * text in its command line: after a reboot a pid file can name an unrelated process that reused the pid,
 * and we must never signal a stranger. Where /proc does not exist (macOS) the pid check alone is used.
 */
export function isProcessAlive(pid: number, commandLineIncludes?: string): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else, so it is certainly not ours.
    return (error as NodeJS.ErrnoException).code === 'EPERM' && commandLineIncludes === undefined;
  }
  if (commandLineIncludes === undefined) return true;
  let commandLine: string;
  try {
    commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return true;
  }
  // A zombie (exited, not yet reaped by its parent) has an empty command line: it is gone.
  return commandLine.replaceAll('\0', ' ').includes(commandLineIncludes);
}

/** Waits until the process is gone; false when it still runs after `timeoutMs`. */
export async function waitForExit(
  pid: number,
  timeoutMs: number,
  commandLineIncludes?: string,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid, commandLineIncludes)) {
    if (Date.now() >= deadline) return false;
    await sleep(100);
  }
  return true;
}
