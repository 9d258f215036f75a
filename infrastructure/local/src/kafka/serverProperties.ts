import type { ClusterDefinition } from './ClusterDefinition.js';
import type { BrokerNode } from './ClusterLayout.js';

/**
 * server.properties for one KRaft node in combined mode (broker and controller in one JVM), listening on
 * loopback only. Replication settings follow the cluster size: a single broker cannot hold three copies
 * of __consumer_offsets or __transaction_state, and with the defaults groups and transactions would
 * wait forever for replicas that cannot exist.
 */
export function renderServerProperties(
  definition: ClusterDefinition,
  node: BrokerNode,
  allNodes: readonly BrokerNode[],
): string {
  const replicas = definition.brokers;
  const minInsync = Math.min(2, replicas);
  const voters = allNodes.map((other) => `${other.nodeId}@127.0.0.1:${other.controllerPort}`).join(',');
  const settings: Array<[string, string | number | boolean]> = [
    ['process.roles', 'broker,controller'],
    ['node.id', node.nodeId],
    ['controller.quorum.voters', voters],
    ['listeners', `PLAINTEXT://127.0.0.1:${node.port},CONTROLLER://127.0.0.1:${node.controllerPort}`],
    ['advertised.listeners', `PLAINTEXT://127.0.0.1:${node.port}`],
    ['listener.security.protocol.map', 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT'],
    ['controller.listener.names', 'CONTROLLER'],
    ['inter.broker.listener.name', 'PLAINTEXT'],
    ['log.dirs', node.dataDir],

    ['offsets.topic.replication.factor', replicas],
    ['transaction.state.log.replication.factor', replicas],
    ['transaction.state.log.min.isr', minInsync],
    ['min.insync.replicas', minInsync],
    ['default.replication.factor', replicas],
    ['unclean.leader.election.enable', false],
    // 50 partitions each (the default) makes the first consumer group or transaction wait seconds
    // for their creation on a small machine; 12 keeps coordinators spread and creation quick.
    ['offsets.topic.num.partitions', 12],
    ['transaction.state.log.num.partitions', 12],

    // Tests join groups constantly; the 3 s default delay would be paid by every one of them.
    ['group.initial.rebalance.delay.ms', 0],
    // Topics come from the catalogue (or a test creates its own); a typo must fail, not create a topic.
    ['auto.create.topics.enable', false],
    ['num.partitions', 1],
    // The compaction buffer is allocated up front from the heap; the 128 MB default is a lot of 1 GB.
    ['log.cleaner.dedupe.buffer.size', 33_554_432],
  ];
  return [
    `# Written by @streamforge/local-infra for cluster "${definition.name}", node ${node.nodeId}; regenerated on every start.`,
    ...settings.map(([key, value]) => `${key}=${String(value)}`),
    '',
  ].join('\n');
}
