/**
 * Base of every error @streamforge/local-infra throws. `retriable` says whether running the same command
 * again can succeed (a broker still starting) or needs a human first (Java missing, port taken).
 */
export class LocalInfraError extends Error {
  readonly code: string;
  readonly retriable: boolean;

  constructor(message: string, options: { code: string; retriable?: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.retriable = options.retriable ?? false;
  }
}

/** A program the launcher needs (java, mvn, redis-server, postgres) is not installed or not answering. */
export class PrerequisiteMissingError extends LocalInfraError {
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'PREREQUISITE_MISSING', cause });
  }
}

/** The requested cluster cannot be built as asked: conflicting broker count, bad name, port in use. */
export class ClusterConfigurationError extends LocalInfraError {
  constructor(message: string) {
    super(message, { code: 'CLUSTER_CONFIGURATION' });
  }
}

/** A broker died while starting, or did not serve metadata in time. The message names its log file. */
export class BrokerStartError extends LocalInfraError {
  readonly logFile: string;

  constructor(message: string, logFile: string, cause?: unknown) {
    super(message, { code: 'BROKER_START_FAILED', retriable: true, cause });
    this.logFile = logFile;
  }
}

/** Another process held a launcher lock for longer than we were willing to wait. */
export class LockTimeoutError extends LocalInfraError {
  constructor(message: string) {
    super(message, { code: 'LOCK_TIMEOUT', retriable: true });
  }
}

/** Copying the Kafka jars with Maven failed. */
export class KafkaInstallError extends LocalInfraError {
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'KAFKA_INSTALL_FAILED', retriable: true, cause });
  }
}

/** Postgres migrations could not be loaded or applied. */
export class MigrationError extends LocalInfraError {
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'MIGRATION_FAILED', cause });
  }
}
