#!/usr/bin/env node
import { Command, InvalidArgumentError } from 'commander';
import { createKafkaClient } from '../client/createKafkaClient.js';
import { consumerLag } from '../lag/consumerLag.js';
import type { PartitionLag } from '../lag/consumerLag.js';

const program = new Command('streamforge').description('StreamForge operations on a Kafka cluster');

program
  .command('lag')
  .description("a consumer group's lag per partition")
  .argument('<group>', 'consumer group id')
  .option(
    '-b, --brokers <list>',
    'comma-separated host:port list',
    process.env.KAFKA_BROKERS ?? '127.0.0.1:19092',
  )
  .option('-t, --topic <topic...>', 'only these topics')
  .option('--json', 'print JSON instead of a table')
  .action(async (group: string, options: { brokers: string; topic?: string[]; json?: boolean }) => {
    const brokers = options.brokers
      .split(',')
      .map((broker) => broker.trim())
      .filter(Boolean);
    if (brokers.length === 0) throw new InvalidArgumentError('--brokers needs at least one host:port');
    const admin = createKafkaClient({ brokers, clientId: 'streamforge-cli' }).admin();
    await admin.connect();
    try {
      const lags = await consumerLag(admin, group, options.topic);
      process.stdout.write(options.json ? `${JSON.stringify(lags, null, 2)}\n` : formatTable(group, lags));
    } finally {
      await admin.disconnect();
    }
  });

function formatTable(group: string, lags: readonly PartitionLag[]): string {
  if (lags.length === 0) return `group ${group} has no committed offsets on the requested topics\n`;
  const rows: [string[], ...string[][]] = [
    ['TOPIC', 'PARTITION', 'COMMITTED', 'END', 'LAG'],
    ...lags.map((lag) => [
      lag.topic,
      String(lag.partition),
      lag.committedOffset ?? '-',
      lag.logEndOffset,
      String(lag.lag),
    ]),
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  const lines = rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd(),
  );
  return `${lines.join('\n')}\ntotal lag ${lags.reduce((sum, lag) => sum + lag.lag, 0)}\n`;
}

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`streamforge: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
