import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { MigrationError } from '../errors.js';

export const MIGRATIONS_DIR_ENV = 'STREAMFORGE_MIGRATIONS_DIR';

/**
 * infrastructure/migrations: STREAMFORGE_MIGRATIONS_DIR first, then walking up from the working
 * directory, then from this package (which sits inside the same checkout).
 */
export function findMigrationsDir(): string {
  const fromEnv = process.env[MIGRATIONS_DIR_ENV];
  if (fromEnv) return resolve(fromEnv);
  for (const start of [process.cwd(), __dirname]) {
    for (let dir = resolve(start); ; dir = dirname(dir)) {
      const candidate = join(dir, 'infrastructure', 'migrations');
      if (existsSync(candidate)) return candidate;
      if (dirname(dir) === dir) break;
    }
  }
  throw new MigrationError(`no infrastructure/migrations folder found; set ${MIGRATIONS_DIR_ENV}`);
}
