import { createHash } from 'node:crypto';
import { createWriteStream, rmSync } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { RegistryInstallError } from './registryErrors.js';

export interface DownloadVerifiedOptions {
  /** Lower-case hex SHA-256 the file must have; anything else is deleted and reported. */
  sha256: string;
  /** The whole transfer may take this long (default 15 min: 109 MB on a slow line). */
  timeoutMs?: number;
}

/**
 * Streams `url` into `file` while hashing it, and keeps the file only when its SHA-256 is the pinned
 * one: a truncated transfer or a tampered mirror must never be unpacked and run. Returns the byte count.
 */
export async function downloadVerified(
  url: string,
  file: string,
  options: DownloadVerifiedOptions,
): Promise<number> {
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 15 * 60_000) });
    if (!response.ok || response.body === null) {
      throw new RegistryInstallError(`GET ${url} answered HTTP ${response.status}`);
    }
    const hashing = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        bytes += chunk.length;
        callback(null, chunk);
      },
    });
    await pipeline(
      Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
      hashing,
      createWriteStream(file),
    );
  } catch (error) {
    rmSync(file, { force: true });
    if (error instanceof RegistryInstallError) throw error;
    throw new RegistryInstallError(
      `could not download ${url}: ${error instanceof Error ? error.message : String(error)}`,
      error,
    );
  }
  const actual = hash.digest('hex');
  if (actual !== options.sha256) {
    rmSync(file, { force: true });
    throw new RegistryInstallError(
      `${url} has SHA-256 ${actual}, not the pinned ${options.sha256}; the download was discarded`,
    );
  }
  return bytes;
}
