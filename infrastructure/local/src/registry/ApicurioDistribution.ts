import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PrerequisiteMissingError } from '../errors.js';
import { findExecutable } from '../internal/findExecutable.js';
import { withFileLock } from '../internal/fileLock.js';
import { runCommand } from '../internal/runCommand.js';
import type { Log } from '../Log.js';
import { stderrLog } from '../Log.js';
import { downloadVerified } from './downloadVerified.js';
import { RegistryInstallError } from './registryErrors.js';

/**
 * Apicurio Registry 3.0.9: the last 3.x on Maven Central that runs on Java 17 (3.3.x is compiled for
 * Java 21). Its `-all` archive is a ready-to-run Quarkus application (legacy-jar layout: the runner jar
 * plus lib/). It is fetched with a plain HTTPS GET, not `mvn dependency:unpack`, because Maven cannot
 * resolve it: its parent POM, io.apicurio:apicurio-registry:3.0.9, was never published to Central.
 */
export const APICURIO_VERSION = '3.0.9';

/** SHA-256 of apicurio-registry-app-3.0.9-all.tar.gz (Central publishes only SHA-1 beside it). */
const ARCHIVE_SHA256 = '2b28181501a20cbf6efcd77f9b7153908fc01f3d3a7c32024c0bd9e1b04c8a43';

/** Where the archive puts the Quarkus runner; 3.3.x would have quarkus-run.jar instead. */
const RUNNER_JAR = `apicurio-registry-app-${APICURIO_VERSION}-runner.jar`;

/** A Maven repository mirror (same layout as Central) may be given here; the checksum still applies. */
export const MAVEN_REPOSITORY_ENV = 'STREAMFORGE_MAVEN_REPOSITORY';
const MAVEN_CENTRAL = 'https://repo.maven.apache.org/maven2';

/** Written last: an app folder without it is an unpack that was interrupted and is redone. */
const COMPLETE_MARKER = '.complete';

/** An unpacked Apicurio Registry, ready for `java -jar`. */
export interface ApicurioDistribution {
  version: string;
  /** The folder the archive was unpacked into: the runner jar and its lib/. */
  appDir: string;
  runnerJar: string;
}

export function apicurioArchiveUrl(env: NodeJS.ProcessEnv = process.env): string {
  const repository = (env[MAVEN_REPOSITORY_ENV] || MAVEN_CENTRAL).replace(/\/+$/, '');
  const name = `apicurio-registry-app-${APICURIO_VERSION}-all.tar.gz`;
  return `${repository}/io/apicurio/apicurio-registry-app/${APICURIO_VERSION}/${name}`;
}

/**
 * Makes sure `<cache>/apicurio-registry-<version>/app` holds the unpacked registry, downloading and
 * unpacking the archive the first time (about 109 MB). Safe to call from several processes at once: one
 * installs, the others wait for the lock and reuse its work. The archive is deleted once unpacked.
 */
export async function ensureApicurioDistribution(
  cacheDir: string,
  log: Log = stderrLog,
): Promise<ApicurioDistribution> {
  const home = join(cacheDir, `apicurio-registry-${APICURIO_VERSION}`);
  const appDir = join(home, 'app');
  const result: ApicurioDistribution = {
    version: APICURIO_VERSION,
    appDir,
    runnerJar: join(appDir, RUNNER_JAR),
  };
  if (isComplete(home, result)) return result;

  mkdirSync(home, { recursive: true });
  await withFileLock(
    `${home}.lock`,
    async () => {
      if (isComplete(home, result)) return;
      const tar = findExecutable('tar');
      if (!tar)
        throw new PrerequisiteMissingError(
          'tar is not installed: the launcher needs it to unpack Apicurio Registry',
        );
      const url = apicurioArchiveUrl();
      const archive = join(home, `download-${process.pid}.tar.gz`);
      const staging = join(home, `app.partial-${process.pid}`);
      const started = Date.now();
      log(`downloading Apicurio Registry ${APICURIO_VERSION} from ${url} (once, ~109 MB) ...`);
      const bytes = await downloadVerified(url, archive, { sha256: ARCHIVE_SHA256 });
      rmSync(staging, { recursive: true, force: true });
      mkdirSync(staging, { recursive: true });
      const unpacked = await runCommand(tar, ['-xzf', archive, '-C', staging]);
      rmSync(archive, { force: true });
      if (unpacked.exitCode !== 0) {
        rmSync(staging, { recursive: true, force: true });
        throw new RegistryInstallError(
          `tar could not unpack ${url} (exit ${unpacked.exitCode}): ${unpacked.stderr.trim()}`,
        );
      }
      if (!existsSync(join(staging, RUNNER_JAR))) {
        rmSync(staging, { recursive: true, force: true });
        throw new RegistryInstallError(`the archive ${url} has no ${RUNNER_JAR} at its top level`);
      }
      rmSync(appDir, { recursive: true, force: true });
      renameSync(staging, appDir);
      writeFileSync(join(home, COMPLETE_MARKER), `${url}\n${bytes} bytes, ${new Date().toISOString()}\n`);
      log(
        `installed Apicurio Registry ${APICURIO_VERSION} in ${appDir} ` +
          `(${(bytes / 1e6).toFixed(0)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
      );
    },
    { onWait: (owner) => log(`waiting for pid ${owner ?? '?'} to finish installing Apicurio Registry ...`) },
  );
  return result;
}

function isComplete(home: string, distribution: ApicurioDistribution): boolean {
  return existsSync(join(home, COMPLETE_MARKER)) && existsSync(distribution.runnerJar);
}
