import { streamforgeCacheDir } from '../cacheDir.js';
import { withFileLock } from '../internal/fileLock.js';
import { DEFAULT_REGISTRY_PORT, registryLayout } from './RegistryLayout.js';
import { stopRegistryProcess } from './RegistryProcess.js';

export interface StopSchemaRegistryOptions {
  port?: number;
  cacheDir?: string;
}

/**
 * Stops the registry this launcher runs on `port` (SIGTERM, SIGKILL after 20 s); true when one was
 * running. Its schemas are gone with it (in-memory storage). A registry someone else runs is never touched.
 */
export async function stopSchemaRegistry(options: StopSchemaRegistryOptions = {}): Promise<boolean> {
  const layout = registryLayout(
    options.cacheDir ?? streamforgeCacheDir(),
    options.port ?? DEFAULT_REGISTRY_PORT,
  );
  return withFileLock(layout.lockDir, () => stopRegistryProcess(layout));
}
