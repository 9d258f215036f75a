import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The java launcher: JAVA_HOME first (as Kafka's own scripts do), then PATH. */
export function findJava(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = [
    ...(env.JAVA_HOME ? [join(env.JAVA_HOME, 'bin', 'java')] : []),
    ...(env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'java')),
  ];
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here: try the next one.
    }
  }
  throw new Error('java was not found (set JAVA_HOME or put java on PATH): the Java perf tools need it');
}
