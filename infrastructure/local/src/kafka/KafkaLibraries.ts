import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KafkaInstallError, PrerequisiteMissingError } from '../errors.js';
import { findExecutable } from '../internal/findExecutable.js';
import { withFileLock } from '../internal/fileLock.js';
import { localInfraRoot } from '../internal/packageRoot.js';
import { runCommand } from '../internal/runCommand.js';
import type { Log } from '../Log.js';
import { stderrLog } from '../Log.js';

/** The jars of one Kafka version, ready for `java -cp`. */
export interface KafkaLibraries {
  version: string;
  libsDir: string;
  /** `<libsDir>/*`: java expands the wildcard itself, so no shell is involved. */
  classpath: string;
}

/** Written last: a libs folder without it is a copy that was interrupted and is redone. */
const COMPLETE_MARKER = '.complete';

/** The Kafka version pinned in infrastructure/local/pom.xml. */
export function pinnedKafkaVersion(pomFile: string = join(localInfraRoot(), 'pom.xml')): string {
  const match = /<kafka\.version>\s*([^<\s]+)\s*<\/kafka\.version>/.exec(readFileSync(pomFile, 'utf8'));
  if (!match?.[1]) throw new KafkaInstallError(`${pomFile} has no <kafka.version> property`);
  return match[1];
}

/**
 * Makes sure `<cache>/kafka-<version>/libs` holds the broker and its runtime jars, copying them from
 * Maven (the local ~/.m2 first, Maven Central otherwise) the first time. Safe to call from several
 * processes at once: one copies, the others wait and reuse.
 */
export async function ensureKafkaLibraries(cacheDir: string, log: Log = stderrLog): Promise<KafkaLibraries> {
  const pomFile = join(localInfraRoot(), 'pom.xml');
  const version = pinnedKafkaVersion(pomFile);
  const home = join(cacheDir, `kafka-${version}`);
  const libsDir = join(home, 'libs');
  const result: KafkaLibraries = { version, libsDir, classpath: join(libsDir, '*') };
  if (isComplete(home)) return result;

  mkdirSync(home, { recursive: true });
  await withFileLock(`${home}.lock`, async () => {
    if (isComplete(home)) return;
    const mvn = findExecutable('mvn');
    if (!mvn) {
      throw new PrerequisiteMissingError(
        `Maven is not installed: install it (e.g. apt-get install maven) so the launcher can fetch Kafka ${version} from Maven Central`,
      );
    }
    log(`installing Kafka ${version} jars into ${libsDir} (once) ...`);
    const staging = join(home, `libs.partial-${process.pid}`);
    rmSync(staging, { recursive: true, force: true });
    rmSync(libsDir, { recursive: true, force: true });
    const started = Date.now();
    const copied = await runCommand(mvn, [
      '-q',
      '-B',
      '-f',
      pomFile,
      'dependency:copy-dependencies',
      `-DoutputDirectory=${staging}`,
      '-DincludeScope=runtime',
    ]);
    if (copied.exitCode !== 0) {
      rmSync(staging, { recursive: true, force: true });
      const output = `${copied.stdout}\n${copied.stderr}`.trim().split('\n').slice(-15).join('\n');
      throw new KafkaInstallError(
        `mvn could not copy the Kafka ${version} jars (exit ${copied.exitCode}):\n${output}`,
      );
    }
    const jars = readdirSync(staging).filter((file) => file.endsWith('.jar'));
    if (!jars.includes(`kafka_2.13-${version}.jar`)) {
      throw new KafkaInstallError(`mvn finished but ${staging} has no kafka_2.13-${version}.jar`);
    }
    renameSync(staging, libsDir);
    writeFileSync(join(home, COMPLETE_MARKER), `${jars.length} jars, ${new Date().toISOString()}\n`);
    log(`installed ${jars.length} jars in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
  return result;
}

function isComplete(home: string): boolean {
  return existsSync(join(home, COMPLETE_MARKER)) && existsSync(join(home, 'libs'));
}
