import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { homedir } from 'node:os';
import { join } from 'node:path';

type Endpoint = { socketPath: string } | { host: string; port: number };

/** A Docker-compatible API that answered, in DOCKER_HOST form, and which engine serves it. */
export interface DockerApi {
  dockerHost: string;
  /** Podman has no Ryuk image to pull (no registry here), so Testcontainers must not start one. */
  engine: 'docker' | 'podman';
}

/** Rootful Podman's API socket, the one `pnpm containers:up` (infrastructure/containers) serves. */
export const ROOTFUL_PODMAN_SOCKET = '/run/podman/podman.sock';

/**
 * The sockets whose answer turns on containers mode by itself (STREAMFORGE_INFRA unset): Docker's, and
 * a user's own Podman. Rootful Podman's socket is not among them: `pnpm containers:up` leaves that
 * service running for the whole machine, and it must not switch every test run on the machine to
 * containers; STREAMFORGE_INFRA=containers (or DOCKER_HOST) opts in.
 */
export function autoDetectedDockerSockets(env: NodeJS.ProcessEnv = process.env): string[] {
  const runtimeDir = env.XDG_RUNTIME_DIR;
  return [
    '/var/run/docker.sock',
    ...(runtimeDir ? [join(runtimeDir, 'docker.sock'), join(runtimeDir, 'podman', 'podman.sock')] : []),
    join(homedir(), '.docker', 'run', 'docker.sock'),
  ];
}

/**
 * The Docker-compatible API (Docker, or Podman's socket) that answers /_ping, if any: DOCKER_HOST when
 * set, else the first of `sockets` that answers. With TLS settings we cannot ping without
 * certificates, so an explicit TLS DOCKER_HOST is trusted as given (and taken for Docker).
 */
export async function findDockerApi(
  sockets: readonly string[] = autoDetectedDockerSockets(),
  timeoutMs = 1_500,
): Promise<DockerApi | undefined> {
  const dockerHost = process.env.DOCKER_HOST;
  if (dockerHost) {
    if (process.env.DOCKER_TLS_VERIFY) return { dockerHost, engine: 'docker' };
    const endpoint = parseDockerHost(dockerHost);
    const engine = endpoint ? await ping(endpoint, timeoutMs) : undefined;
    return engine ? { dockerHost, engine } : undefined;
  }
  for (const socketPath of sockets.filter((socket) => existsSync(socket))) {
    const engine = await ping({ socketPath }, timeoutMs);
    if (engine) return { dockerHost: `unix://${socketPath}`, engine };
  }
  return undefined;
}

/** True when DOCKER_HOST or one of the auto-detected sockets answers: then Testcontainers can run. */
export async function dockerAnswers(timeoutMs = 1_500): Promise<boolean> {
  return (await findDockerApi(autoDetectedDockerSockets(), timeoutMs)) !== undefined;
}

function parseDockerHost(value: string): Endpoint | undefined {
  if (value.startsWith('unix://')) return { socketPath: value.slice('unix://'.length) };
  if (value.startsWith('tcp://')) {
    const url = new URL(`http://${value.slice('tcp://'.length)}`);
    return { host: url.hostname, port: Number(url.port || 2375) };
  }
  return undefined;
}

/** The engine behind the endpoint, told by Podman's Libpod-Api-Version header; undefined if no answer. */
function ping(endpoint: Endpoint, timeoutMs: number): Promise<DockerApi['engine'] | undefined> {
  return new Promise((resolve) => {
    const req = request({ ...endpoint, path: '/_ping', method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      if (res.statusCode !== 200) resolve(undefined);
      else resolve(res.headers['libpod-api-version'] === undefined ? 'docker' : 'podman');
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}
