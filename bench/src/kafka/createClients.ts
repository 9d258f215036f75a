import type { BenchClient } from './BenchClient.js';
import { ConfluentClient } from './clients/ConfluentClient.js';
import { loadConfluent } from './clients/confluentModule.js';
import { KafkajsClient } from './clients/KafkajsClient.js';
import { PlatformaticClient } from './clients/PlatformaticClient.js';
import type { JavaPerfTools } from './JavaPerfTools.js';
import type { BenchOptions } from './options.js';
import type { BenchEntry } from './runWorkloads.js';

export interface BenchClients {
  entries: BenchEntry[];
  /** Clients asked for that cannot run here, and why. */
  unavailable: { name: string; reason: string }[];
  /** What the confluent install script recorded about its build. */
  confluentBuild?: string;
}

/** The clients `--clients` asks for; the confluent one only when its install script has run. */
export function createClients(
  options: BenchOptions,
  javaTools: JavaPerfTools,
  cacheDir: string,
  log: (line: string) => void,
): BenchClients {
  const entries: BenchEntry[] = [];
  const unavailable: { name: string; reason: string }[] = [];
  let confluentBuild: string | undefined;
  for (const id of options.clients) {
    let client: BenchClient | undefined;
    if (id === 'java') client = javaTools;
    if (id === 'kafkajs') client = new KafkajsClient(options.brokers, options.timeoutMs);
    if (id === 'platformatic') client = new PlatformaticClient(options.brokers, options.timeoutMs);
    if (id === 'confluent') {
      const loaded = loadConfluent(cacheDir);
      if ('missing' in loaded) {
        unavailable.push({ name: '@confluentinc/kafka-javascript', reason: loaded.missing });
        log(`@confluentinc/kafka-javascript is left out: ${loaded.missing}`);
      } else {
        client = new ConfluentClient(loaded, options.brokers, options.timeoutMs);
        confluentBuild = loaded.buildNote;
      }
    }
    if (client) entries.push({ id, client });
  }
  return { entries, unavailable, ...(confluentBuild ? { confluentBuild } : {}) };
}
