import { streamforgeCacheDir } from '../cacheDir.js';
import { DEFAULT_REGISTRY_PORT, registryLayout } from './RegistryLayout.js';
import { runningRegistryPid } from './RegistryProcess.js';
import { registryAnswers } from './registryHttp.js';

export interface SchemaRegistryStatus {
  url: string;
  port: number;
  /** True when the JVM this launcher started on that port runs. */
  running: boolean;
  pid?: number;
  /** True when something answers the Confluent API at `url`, whoever runs it. */
  answering: boolean;
  logFile: string;
}

export async function schemaRegistryStatus(
  options: { port?: number; cacheDir?: string } = {},
): Promise<SchemaRegistryStatus> {
  const layout = registryLayout(
    options.cacheDir ?? streamforgeCacheDir(),
    options.port ?? DEFAULT_REGISTRY_PORT,
  );
  const pid = runningRegistryPid(layout);
  return {
    url: layout.url,
    port: layout.port,
    running: pid !== undefined,
    ...(pid !== undefined ? { pid } : {}),
    answering: await registryAnswers(layout.url),
    logFile: layout.logFile,
  };
}
