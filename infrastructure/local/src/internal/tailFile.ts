import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** The last `lines` lines of a (possibly large, possibly missing) log file, for error messages. */
export function tailFile(file: string, lines: number, maxBytes = 64 * 1024): string[] {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return [];
  }
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return buffer
      .toString('utf8')
      .split('\n')
      .filter((line) => line.trim().length > 0)
      .slice(-lines);
  } finally {
    closeSync(fd);
  }
}
