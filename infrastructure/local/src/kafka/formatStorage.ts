import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BrokerStartError } from '../errors.js';
import { runCommand } from '../internal/runCommand.js';
import type { ClusterDefinition } from './ClusterDefinition.js';
import type { BrokerNode } from './ClusterLayout.js';
import type { KafkaLibraries } from './KafkaLibraries.js';

/**
 * `kafka-storage format` for one node, unless its data directory already carries meta.properties: a
 * KRaft node refuses to start on unformatted storage, and formatting again would not be needed anyway.
 * The class is the Scala `kafka.tools.StorageTool` in the kafka_2.13 jar (3.9 has not moved it yet).
 */
export async function formatStorage(
  java: string,
  libraries: KafkaLibraries,
  definition: ClusterDefinition,
  node: BrokerNode,
  log4jFile: string,
): Promise<boolean> {
  if (existsSync(join(node.dataDir, 'meta.properties'))) return false;
  mkdirSync(node.dataDir, { recursive: true });
  const result = await runCommand(java, [
    '-Xmx256m',
    '-cp',
    libraries.classpath,
    `-Dlog4j.configuration=file:${log4jFile}`,
    `-Dstreamforge.broker.log=${join(node.dir, 'format.log')}`,
    'kafka.tools.StorageTool',
    'format',
    '--ignore-formatted',
    '-t',
    definition.clusterId,
    '-c',
    node.propertiesFile,
  ]);
  if (result.exitCode !== 0) {
    throw new BrokerStartError(
      `kafka-storage format failed for node ${node.nodeId} of cluster "${definition.name}" ` +
        `(exit ${result.exitCode}): ${(result.stderr || result.stdout).trim().split('\n').slice(-5).join(' | ')}`,
      join(node.dir, 'format.log'),
    );
  }
  return true;
}
