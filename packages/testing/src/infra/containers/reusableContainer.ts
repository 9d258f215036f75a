import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { streamforgeCacheDir, withFileLock } from '@streamforge/local-infra';
import { GenericContainer, ImageName, getContainerRuntimeClient } from 'testcontainers';
import type { StartedTestContainer, WaitStrategy } from 'testcontainers';
import { InfrastructureUnavailableError } from '../../errors.js';

/** Every container @streamforge/testing starts carries it (value: the role); `containers:down` removes them. */
export const TESTING_LABEL = 'org.streamforge.testing';
/** A hash of the container's settings: one that differs belongs to another version of this code. */
const SPEC_LABEL = 'org.streamforge.testing.spec';

export interface ReusableContainerSpec {
  /** One container per role is kept: 'kafka', 'redis', 'postgres'. */
  role: string;
  image: string;
  /** Container ports to publish, each on 127.0.0.1 at a port the engine picks. */
  ports: readonly number[];
  environment?: Record<string, string>;
  command?: readonly string[];
  /** Ready (for a reused container: was ready) when this passes. */
  waitStrategy: WaitStrategy;
  startupTimeoutMs: number;
}

/** A GenericContainer whose published ports listen on the host's loopback interface only. */
class LoopbackContainer extends GenericContainer {
  protected override async beforeContainerCreated(): Promise<void> {
    const portBindings = this.hostConfig.PortBindings as
      Record<string, Array<{ HostIp?: string; HostPort?: string }>> | undefined;
    for (const bindings of Object.values(portBindings ?? {})) {
      for (const binding of bindings) binding.HostIp = '127.0.0.1';
    }
  }
}

/**
 * Starts the role's container from `spec`, or reuses the one a previous test process started, like
 * the local launcher's long-lived broker: jest workers and later runs share it instead of each paying
 * the start-up (Testcontainers' reuse, keyed on the settings). A container of the role that is stopped
 * or was made from other settings (an older image) is removed first. A lock across processes keeps
 * two workers from starting two at once. Nothing stops these containers at exit (there is no Ryuk
 * without a registry): `pnpm containers:down` removes them.
 */
export async function startReusableContainer(spec: ReusableContainerSpec): Promise<StartedTestContainer> {
  const client = await getContainerRuntimeClient();
  if (!(await client.image.exists(ImageName.fromString(spec.image)))) {
    throw new InfrastructureUnavailableError(
      `image ${spec.image} is not in the engine's store: build it with \`pnpm containers:up\` (nothing is pulled)`,
    );
  }
  const specHash = createHash('sha256')
    .update(JSON.stringify([spec.image, spec.ports, spec.environment ?? {}, spec.command ?? []]))
    .digest('hex')
    .slice(0, 16);
  const lockDir = join(streamforgeCacheDir(), 'containers', 'locks', `testing-${spec.role}`);
  return withFileLock(lockDir, async () => {
    await removeOutdatedContainers(spec.role, specHash);
    let container = new LoopbackContainer(spec.image)
      .withLabels({ [TESTING_LABEL]: spec.role, [SPEC_LABEL]: specHash })
      .withExposedPorts(...spec.ports)
      .withEnvironment(spec.environment ?? {})
      .withWaitStrategy(spec.waitStrategy)
      .withStartupTimeout(spec.startupTimeoutMs)
      .withReuse();
    if (spec.command) container = container.withCommand([...spec.command]);
    return container.start();
  });
}

/**
 * Removes the role's containers that are not running or carry other settings. Only running ones may
 * be reused: a restarted container would show its previous start's "ready" log lines to the waits.
 */
async function removeOutdatedContainers(role: string, specHash: string): Promise<void> {
  const client = await getContainerRuntimeClient();
  const containers = await client.container.dockerode.listContainers({
    all: true,
    filters: { label: [`${TESTING_LABEL}=${role}`] },
  });
  for (const info of containers) {
    if (info.State === 'running' && info.Labels[SPEC_LABEL] === specHash) continue;
    await client.container.dockerode.getContainer(info.Id).remove({ force: true, v: true });
  }
}
