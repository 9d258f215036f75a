import { InfrastructureUnavailableError } from '../../errors.js';
import type { DockerApi } from '../dockerAnswers.js';
import { ROOTFUL_PODMAN_SOCKET, autoDetectedDockerSockets, findDockerApi } from '../dockerAnswers.js';

let prepared: Promise<DockerApi> | undefined;

/**
 * Points Testcontainers at the engine that answers, before Testcontainers is loaded (it reads the
 * environment once): DOCKER_HOST when set, else the auto-detected sockets, else rootful Podman's
 * (`pnpm containers:up`). Testcontainers does not look at /run/podman/podman.sock by itself. With
 * Podman, Ryuk is disabled: there is no registry to pull its image from, and our containers are reused
 * between runs and removed by `pnpm containers:down` instead.
 */
export function prepareContainerRuntime(): Promise<DockerApi> {
  prepared ??= findDockerApi([...autoDetectedDockerSockets(), ROOTFUL_PODMAN_SOCKET]).then((api) => {
    if (!api) {
      throw new InfrastructureUnavailableError(
        `containers mode, but no Docker API answers (DOCKER_HOST unset, nothing on ${ROOTFUL_PODMAN_SOCKET} ` +
          'or the Docker sockets): run `pnpm containers:up`, or set STREAMFORGE_INFRA=local',
      );
    }
    process.env.DOCKER_HOST ??= api.dockerHost;
    if (api.engine === 'podman') process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
    return api;
  });
  prepared.catch(() => {
    prepared = undefined;
  });
  return prepared;
}
