import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { ClusterConfigurationError } from '../errors.js';

/** What a local cluster is, fixed when it is first created and stored as `cluster.json`. */
export interface ClusterDefinition {
  name: string;
  brokers: 1 | 3;
  /** Client port of node 1; node n listens on basePort + (n - 1) * 100, its controller on that + 1. */
  basePort: number;
  /** The KRaft cluster id every node's storage is formatted with; generated once, never changed. */
  clusterId: string;
  kafkaVersion: string;
  createdAt: string;
}

export const DEFAULT_CLUSTER_NAME = 'default';
export const DEFAULT_THREE_BROKER_CLUSTER_NAME = 'cluster3';
/** Port ranges chosen so that the single-broker and the three-broker cluster can run side by side. */
export const SINGLE_BROKER_BASE_PORT = 19092;
export const THREE_BROKER_BASE_PORT = 29092;
export const NODE_PORT_STRIDE = 100;

const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,62}$/;

export function validateClusterName(name: string): string {
  if (!NAME_PATTERN.test(name)) {
    throw new ClusterConfigurationError(
      `cluster name "${name}" must start with a letter or digit and use only letters, digits, "_" and "-"`,
    );
  }
  return name;
}

/**
 * A KRaft cluster id: 16 random bytes in URL-safe base64 without padding, as Kafka's Uuid prints them.
 * Kafka never hands out ids starting with "-" (they read as command-line flags), so neither do we.
 */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

export function readClusterDefinition(file: string): ClusterDefinition | undefined {
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as ClusterDefinition;
}

export function writeClusterDefinition(file: string, definition: ClusterDefinition): void {
  writeFileSync(file, `${JSON.stringify(definition, null, 2)}\n`);
}
