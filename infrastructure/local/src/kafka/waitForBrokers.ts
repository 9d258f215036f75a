import { createKafkaClient } from '@streamforge/kafka';
import { BrokerStartError } from '../errors.js';
import { sleep } from '../internal/sleep.js';
import { brokerFailureHint } from './brokerFailureHint.js';
import { runningBrokerPid } from './BrokerProcess.js';
import type { BrokerNode } from './ClusterLayout.js';

export interface WaitForBrokersOptions {
  clusterName: string;
  /** The nodes that must stay alive while we wait; one dying ends the wait at once. */
  nodes: readonly BrokerNode[];
  /** How many brokers the metadata must list. */
  expectedBrokers: number;
  timeoutMs: number;
}

/**
 * Polls describeCluster on every node until each one's metadata lists every expected broker: a port that
 * accepts connections is not yet a broker that serves requests, and a three-node cluster is usable only
 * once all have registered and every node knows it.
 */
export async function waitForBrokers(options: WaitForBrokersOptions): Promise<void> {
  const { clusterName, nodes, expectedBrokers, timeoutMs } = options;
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no answer yet';
  for (;;) {
    for (const node of nodes) {
      if (runningBrokerPid(node) === undefined) {
        throw new BrokerStartError(
          `Kafka node ${node.nodeId} of cluster "${clusterName}" exited while starting; ` +
            `see ${node.logFile} and ${node.stdoutFile} (${brokerFailureHint(node)})`,
          node.logFile,
        );
      }
    }
    // Every node is asked on its own: brokers apply metadata changes at slightly different moments, and
    // a client that happens to bootstrap from a lagging one must still see the whole cluster.
    const counts = await Promise.all(
      nodes.map((node) =>
        countBrokers([node.address]).catch((error: unknown) => {
          lastProblem = `node ${node.nodeId}: ${(error as Error).message}`;
          return 0;
        }),
      ),
    );
    const listed = Math.min(...counts);
    if (listed >= expectedBrokers) return;
    if (listed > 0) lastProblem = `a node's metadata lists ${listed} of ${expectedBrokers} brokers`;
    if (Date.now() >= deadline) {
      const first = nodes[0];
      throw new BrokerStartError(
        `Kafka cluster "${clusterName}" did not serve metadata within ${Math.round(timeoutMs / 1000)} s ` +
          `(${lastProblem}); see ${nodes.map((node) => node.logFile).join(', ')}` +
          (first ? ` (${brokerFailureHint(first)})` : ''),
        first?.logFile ?? '',
      );
    }
    await sleep(500);
  }
}

/** How many brokers the cluster's metadata lists, asked through any of `addresses`. */
export async function countBrokers(addresses: readonly string[]): Promise<number> {
  const admin = createKafkaClient({
    brokers: addresses,
    clientId: 'streamforge-local-infra-probe',
    connectionTimeoutMs: 1_000,
    retry: { retries: 0 },
    // Connection refused is the expected answer while a broker boots; it is not worth a log line.
    logger: { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined },
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
