import { LocalInfraError } from '../errors.js';

/**
 * Fetching or unpacking the Apicurio Registry archive failed: the download broke off, its checksum did
 * not match the pinned one, or the archive lacks the runner jar. Running the command again may succeed.
 */
export class RegistryInstallError extends LocalInfraError {
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'REGISTRY_INSTALL_FAILED', retriable: true, cause });
  }
}

/** The registry died while starting, did not answer in time, or its port is taken. Names the log file. */
export class RegistryStartError extends LocalInfraError {
  readonly logFile: string;

  constructor(message: string, logFile: string, options: { retriable?: boolean; cause?: unknown } = {}) {
    super(message, {
      code: 'REGISTRY_START_FAILED',
      retriable: options.retriable ?? true,
      cause: options.cause,
    });
    this.logFile = logFile;
  }
}
