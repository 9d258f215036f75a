import type { ClusterDefinition } from './ClusterDefinition.js';
import { ClusterLayout } from './ClusterLayout.js';
import { renderServerProperties } from './serverProperties.js';

function propertiesOf(brokers: 1 | 3, basePort: number, nodeId = 1): Map<string, string> {
  const definition: ClusterDefinition = {
    name: 'unit',
    brokers,
    basePort,
    clusterId: 'AAAAAAAAAAAAAAAAAAAAAA',
    kafkaVersion: '3.9.2',
    createdAt: '2025-01-01T00:00:00.000Z',
  };
  const layout = new ClusterLayout('/cache', 'unit');
  const nodes = layout.nodes(definition);
  const node = layout.node(definition, nodeId);
  const text = renderServerProperties(definition, node, nodes);
  return new Map(
    text
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

describe('renderServerProperties', () => {
  it('makes a single broker usable for groups and transactions', () => {
    const props = propertiesOf(1, 19092);
    expect(props.get('process.roles')).toBe('broker,controller');
    expect(props.get('controller.quorum.voters')).toBe('1@127.0.0.1:19093');
    expect(props.get('listeners')).toBe('PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093');
    expect(props.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:19092');
    for (const key of [
      'offsets.topic.replication.factor',
      'transaction.state.log.replication.factor',
      'transaction.state.log.min.isr',
      'min.insync.replicas',
      'default.replication.factor',
    ]) {
      expect([key, props.get(key)]).toEqual([key, '1']);
    }
    expect(props.get('group.initial.rebalance.delay.ms')).toBe('0');
    expect(props.get('auto.create.topics.enable')).toBe('false');
    expect(props.get('log.dirs')).toBe('/cache/clusters/unit/node-1/data');
  });

  it('replicates three ways with min ISR 2 on three brokers, each node on its own ports', () => {
    const props = propertiesOf(3, 29092, 2);
    expect(props.get('node.id')).toBe('2');
    expect(props.get('controller.quorum.voters')).toBe(
      '1@127.0.0.1:29093,2@127.0.0.1:29193,3@127.0.0.1:29293',
    );
    expect(props.get('listeners')).toBe('PLAINTEXT://127.0.0.1:29192,CONTROLLER://127.0.0.1:29193');
    expect(props.get('offsets.topic.replication.factor')).toBe('3');
    expect(props.get('transaction.state.log.replication.factor')).toBe('3');
    expect(props.get('default.replication.factor')).toBe('3');
    expect(props.get('min.insync.replicas')).toBe('2');
    expect(props.get('transaction.state.log.min.isr')).toBe('2');
    expect(props.get('unclean.leader.election.enable')).toBe('false');
  });
});
