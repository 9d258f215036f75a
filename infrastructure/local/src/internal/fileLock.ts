import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LockTimeoutError } from '../errors.js';
import { isProcessAlive } from './processLiveness.js';
import { sleep } from './sleep.js';

export interface FileLockOptions {
  /** How long to wait for another holder before giving up. */
  timeoutMs?: number;
  /** Told once when we start waiting for someone else. */
  onWait?: (ownerPid: number | undefined) => void;
}

/** A lock directory younger than this with no owner file is being created right now, not abandoned. */
const OWNERLESS_GRACE_MS = 10_000;

/**
 * Runs `fn` while holding the lock `lockDir`, across processes (several jest workers may start the same
 * cluster at once). `mkdir` is atomic, so exactly one creator wins; the winner records its pid, and a lock
 * whose owner has died is broken so that a crashed run never blocks the next one. Not re-entrant.
 */
export async function withFileLock<T>(
  lockDir: string,
  fn: () => Promise<T>,
  options: FileLockOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 300_000;
  const deadline = Date.now() + timeoutMs;
  let told = false;
  mkdirSync(dirname(lockDir), { recursive: true });
  for (;;) {
    if (tryAcquire(lockDir)) break;
    const owner = readOwner(lockDir);
    if (isAbandoned(lockDir, owner)) {
      breakLock(lockDir, owner);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new LockTimeoutError(
        `lock ${lockDir} is still held by pid ${owner ?? 'unknown'} after ${timeoutMs} ms; ` +
          `if no launcher is running, remove that directory`,
      );
    }
    if (!told) {
      options.onWait?.(owner);
      told = true;
    }
    await sleep(200);
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function tryAcquire(lockDir: string): boolean {
  try {
    mkdirSync(lockDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  writeFileSync(join(lockDir, 'owner'), `${process.pid}\n`);
  return true;
}

function readOwner(lockDir: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(join(lockDir, 'owner'), 'utf8'), 10);
    return Number.isInteger(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAbandoned(lockDir: string, owner: number | undefined): boolean {
  if (owner !== undefined) return !isProcessAlive(owner);
  try {
    return Date.now() - statSync(lockDir).mtimeMs > OWNERLESS_GRACE_MS;
  } catch {
    // It vanished between our mkdir and now: the next attempt will simply take it.
    return false;
  }
}

/**
 * Moves the abandoned lock aside before deleting it. Two waiters may both judge it abandoned; the rename
 * lets only one of them remove it, and the other's rename fails harmlessly.
 */
function breakLock(lockDir: string, owner: number | undefined): void {
  const aside = `${lockDir}.stale-${process.pid}-${Date.now()}`;
  try {
    renameSync(lockDir, aside);
  } catch {
    return;
  }
  // If a live holder took the lock between our check and the rename, give it back.
  const movedOwner = readOwner(aside);
  if (movedOwner !== owner && movedOwner !== undefined && isProcessAlive(movedOwner)) {
    try {
      renameSync(aside, lockDir);
      return;
    } catch {
      // Someone else holds it now; the moved one is ours to clean.
    }
  }
  rmSync(aside, { recursive: true, force: true });
}
