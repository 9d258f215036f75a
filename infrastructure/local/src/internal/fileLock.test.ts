import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LockTimeoutError } from '../errors.js';
import { withFileLock } from './fileLock.js';
import { sleep } from './sleep.js';

describe('withFileLock', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sf-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs holders one at a time and removes the lock afterwards', async () => {
    const lock = join(dir, 'x.lock');
    let inside = 0;
    let maxInside = 0;
    await Promise.all(
      Array.from({ length: 5 }, () =>
        withFileLock(lock, async () => {
          inside++;
          maxInside = Math.max(maxInside, inside);
          await sleep(20);
          inside--;
        }),
      ),
    );
    expect(maxInside).toBe(1);
    expect(existsSync(lock)).toBe(false);
  });

  it('breaks a lock whose owner process is gone', async () => {
    const lock = join(dir, 'stale.lock');
    const dead = spawnSync(process.execPath, [
      '-e',
      'process.stdout.write(String(process.pid))',
    ]).stdout.toString();
    mkdirSync(lock);
    writeFileSync(join(lock, 'owner'), `${dead}\n`);
    await expect(withFileLock(lock, async () => 'taken', { timeoutMs: 2_000 })).resolves.toBe('taken');
  });

  it('gives up with a clear error when a live owner keeps it', async () => {
    const lock = join(dir, 'held.lock');
    mkdirSync(lock);
    writeFileSync(join(lock, 'owner'), `${process.ppid}\n`);
    await expect(withFileLock(lock, async () => 'never', { timeoutMs: 300 })).rejects.toThrow(
      LockTimeoutError,
    );
    expect(existsSync(lock)).toBe(true);
  });
});
