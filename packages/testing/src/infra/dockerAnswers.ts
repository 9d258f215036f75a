import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { homedir } from 'node:os';
import { join } from 'node:path';

type Endpoint = { socketPath: string } | { host: string; port: number };

/**
 * True when a Docker-compatible API (Docker, or Podman's socket) answers /_ping: then Testcontainers can
 * run. DOCKER_HOST wins when set; with TLS settings we cannot ping without certificates, so an explicit
 * TLS DOCKER_HOST is trusted as given.
 */
export async function dockerAnswers(timeoutMs = 1_500): Promise<boolean> {
  const dockerHost = process.env.DOCKER_HOST;
  if (dockerHost) {
    if (process.env.DOCKER_TLS_VERIFY) return true;
    const endpoint = parseDockerHost(dockerHost);
    return endpoint ? ping(endpoint, timeoutMs) : false;
  }
  const runtimeDir = process.env.XDG_RUNTIME_DIR;
  const sockets = [
    '/var/run/docker.sock',
    ...(runtimeDir ? [join(runtimeDir, 'docker.sock'), join(runtimeDir, 'podman', 'podman.sock')] : []),
    join(homedir(), '.docker', 'run', 'docker.sock'),
  ].filter((socket) => existsSync(socket));
  for (const socketPath of sockets) {
    if (await ping({ socketPath }, timeoutMs)) return true;
  }
  return false;
}

function parseDockerHost(value: string): Endpoint | undefined {
  if (value.startsWith('unix://')) return { socketPath: value.slice('unix://'.length) };
  if (value.startsWith('tcp://')) {
    const url = new URL(`http://${value.slice('tcp://'.length)}`);
    return { host: url.hostname, port: Number(url.port || 2375) };
  }
  return undefined;
}

function ping(endpoint: Endpoint, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ ...endpoint, path: '/_ping', method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}
