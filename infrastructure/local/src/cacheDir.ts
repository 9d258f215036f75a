import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const CACHE_DIR_ENV = 'STREAMFORGE_CACHE_DIR';

/**
 * The launcher's cache: Kafka jars and cluster data. It lives outside the repository so that data,
 * logs and 100 MB of jars never show up in `git status`, and survives `git clean`.
 */
export function streamforgeCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env[CACHE_DIR_ENV];
  if (explicit) return resolve(explicit);
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg ? resolve(xdg) : join(homedir(), '.cache'), 'streamforge');
}
