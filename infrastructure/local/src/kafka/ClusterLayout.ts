import { join } from 'node:path';
import type { ClusterDefinition } from './ClusterDefinition.js';
import { NODE_PORT_STRIDE } from './ClusterDefinition.js';

/** Where one node of a local cluster keeps its files, and where it listens. */
export interface BrokerNode {
  nodeId: number;
  /** PLAINTEXT listener for clients, on 127.0.0.1. */
  port: number;
  /** CONTROLLER listener (KRaft quorum), on 127.0.0.1. */
  controllerPort: number;
  /** `127.0.0.1:<port>`, what clients put in their bootstrap list. */
  address: string;
  dir: string;
  dataDir: string;
  propertiesFile: string;
  /** The broker's own log (log4j). */
  logFile: string;
  /** The JVM's stdout and stderr: crashes before logging starts end up here. */
  stdoutFile: string;
  pidFile: string;
}

/** The files of one named cluster under `<cache>/clusters/<name>/`. */
export class ClusterLayout {
  readonly dir: string;
  readonly definitionFile: string;
  readonly log4jFile: string;
  readonly lockDir: string;

  constructor(
    cacheDir: string,
    readonly name: string,
  ) {
    this.dir = join(cacheDir, 'clusters', name);
    this.definitionFile = join(this.dir, 'cluster.json');
    this.log4jFile = join(this.dir, 'log4j.properties');
    // Beside the cluster folder, not inside it, so that `down --purge` can delete the folder while locked.
    this.lockDir = join(cacheDir, 'clusters', `.${name}.lock`);
  }

  nodes(definition: ClusterDefinition): BrokerNode[] {
    return Array.from({ length: definition.brokers }, (_, index) => this.node(definition, index + 1));
  }

  node(definition: ClusterDefinition, nodeId: number): BrokerNode {
    const port = definition.basePort + (nodeId - 1) * NODE_PORT_STRIDE;
    const dir = join(this.dir, `node-${nodeId}`);
    return {
      nodeId,
      port,
      controllerPort: port + 1,
      address: `127.0.0.1:${port}`,
      dir,
      dataDir: join(dir, 'data'),
      propertiesFile: join(dir, 'server.properties'),
      logFile: join(this.dir, `node-${nodeId}.log`),
      stdoutFile: join(this.dir, `node-${nodeId}.stdout.log`),
      pidFile: join(this.dir, `node-${nodeId}.pid`),
    };
  }
}
