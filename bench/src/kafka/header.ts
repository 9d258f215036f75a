import { findCreateBatchingProducer } from './clients/streamforgeBatching.js';
import type { BenchClients } from './createClients.js';
import type { JavaPerfTools } from './JavaPerfTools.js';
import type { MachineInfo } from './machineInfo.js';
import type { BenchOptions } from './options.js';
import { packageVersion } from './packageVersion.js';

export interface HeaderFacts {
  options: BenchOptions;
  machine: MachineInfo;
  /** `Kafka 3.9.2 (…) at 127.0.0.1:19092, 1 broker(s)` */
  broker: string;
  javaTools: JavaPerfTools;
  clients: BenchClients;
}

/** What was measured, on what, with which versions and settings: the report's first lines. */
export function printHeader(print: (line?: string) => void, facts: HeaderFacts): void {
  const { options, machine, javaTools, clients } = facts;
  const confluent = clients.entries.find((entry) => entry.id === 'confluent');
  const gib = machine.memoryGiB.toFixed(1);
  const shown = options.pick === 'best' ? 'the fastest' : 'the median (lower middle)';
  print('StreamForge Kafka client benchmark');
  print(`Date      ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  print(`Machine   ${machine.cpu} · ${machine.cores} cores · ${gib} GiB RAM · ${machine.os}`);
  print(
    `          load average (1 min) at start: ${machine.loadAtStart.toFixed(2)}; broker on the same machine`,
  );
  print(`Node      ${machine.node}`);
  print(`Java      ${machine.java}`);
  print(`Broker    ${facts.broker}`);
  print('Clients');
  print(
    `  ${'java (kafka-tools)'.padEnd(31)} kafka-tools ${javaTools.version} (ProducerPerformance, ConsumerPerformance)`,
  );
  const factories = `createProducer, createConsumer${findCreateBatchingProducer() ? ', createBatchingProducer' : ''}`;
  print(
    `  ${'kafkajs'.padEnd(31)} ${packageVersion('kafkajs')} via @streamforge/kafka ${packageVersion('@streamforge/kafka')} (${factories})`,
  );
  print(`  ${'@platformatic/kafka'.padEnd(31)} ${packageVersion('@platformatic/kafka')}`);
  if (confluent) {
    const build = clients.confluentBuild ? ` — ${clients.confluentBuild}` : '';
    print(`  ${'@confluentinc/kafka-javascript'.padEnd(31)} ${confluent.client.version}${build}`);
  }
  for (const missing of clients.unavailable) print(`  ${missing.name.padEnd(31)} ${missing.reason}`);
  print(`Settings  ${options.runs} run(s) of each workload and client, ${shown} shown, every run listed`);
  print('          topics: 3 partitions, RF 1, fresh per workload; clients take turns within each run');
  print(
    `          producer lingers: ${options.lingers.join(', ')} ms · count-based batches: ${options.batchBytes} bytes · window: ${options.window} records`,
  );
  print(
    '          values: random A–Z letters like ProducerPerformance --record-size makes, 4,096 distinct ones',
  );
  print(
    '          per size shared by every client (Java through --payload-file); no keys; MB = 2^20 value bytes',
  );
  print(
    '          consumers read what the Java producer wrote (with linger); rate from assignment to the last record',
  );
  print();
}
