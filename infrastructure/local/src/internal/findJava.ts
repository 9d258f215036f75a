import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { PrerequisiteMissingError } from '../errors.js';
import { findExecutable } from './findExecutable.js';

/** The java launcher: JAVA_HOME first (what Kafka's own scripts honour), then PATH. */
export function findJava(): string {
  const javaHome = process.env.JAVA_HOME;
  if (javaHome) {
    const candidate = join(javaHome, 'bin', 'java');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // A stale JAVA_HOME should not hide a working java on PATH.
    }
  }
  const found = findExecutable('java');
  if (!found) {
    throw new PrerequisiteMissingError(
      'Java is not installed: install a Java 17 runtime (e.g. apt-get install openjdk-17-jre-headless) or set JAVA_HOME',
    );
  }
  return found;
}
