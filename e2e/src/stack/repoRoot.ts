import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The monorepo's root: the nearest folder above this file with pnpm-workspace.yaml. */
export function repoRoot(from: string = __dirname): string {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
  }
  throw new Error(`no pnpm-workspace.yaml above ${from}`);
}
