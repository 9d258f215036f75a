import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The infrastructure/local folder, found from this file whether it runs compiled (dist/...) or under
 * ts-jest (src/...): the first ancestor holding pom.xml.
 */
export function localInfraRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pom.xml')) && existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir)
      throw new Error(`no pom.xml above ${from}: @streamforge/local-infra is incomplete`);
  }
}
