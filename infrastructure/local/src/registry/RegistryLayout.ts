import { join } from 'node:path';

/**
 * The local registry's HTTP port: the port docker-compose.kafka.yml publishes Confluent's registry on, so
 * that, as for Kafka, Redis and Postgres, the launcher and compose use the same host ports (run one or
 * the other). Off Quarkus' default 8080, which the ingestion service uses.
 */
export const DEFAULT_REGISTRY_PORT = 8085;

/** Apicurio serves the Confluent Schema Registry API under this path (v7 of Confluent's REST API). */
export const CCOMPAT_PATH = '/apis/ccompat/v7';

/** Where the registry that listens on one port keeps its files: `<cache>/schema-registry/`. */
export interface RegistryLayout {
  port: number;
  /**
   * Quarkus' management interface (default 9000, taken by nothing of ours but often by other tools). The
   * 3.0.9 build has it disabled, so nothing listens there; it is set anyway so a build that enables it
   * stays off 9000.
   */
  managementPort: number;
  /** The Confluent-compatible base URL clients use, e.g. `http://127.0.0.1:8085/apis/ccompat/v7`. */
  url: string;
  /** Apicurio's own readiness check (storage initialised, not just the port open). */
  readinessUrl: string;
  dir: string;
  pidFile: string;
  /** The JVM's stdout and stderr: Quarkus logs to the console, and access log lines go there too. */
  logFile: string;
  lockDir: string;
}

export function registryLayout(cacheDir: string, port: number = DEFAULT_REGISTRY_PORT): RegistryLayout {
  const dir = join(cacheDir, 'schema-registry');
  return {
    port,
    managementPort: port + 1,
    url: `http://127.0.0.1:${port}${CCOMPAT_PATH}`,
    readinessUrl: `http://127.0.0.1:${port}/health/ready`,
    dir,
    pidFile: join(dir, `registry-${port}.pid`),
    logFile: join(dir, `registry-${port}.log`),
    lockDir: join(dir, `.registry-${port}.lock`),
  };
}
