import { Command } from 'commander';
import { consumerLag } from '../../lag/consumerLag.js';
import type { PartitionLag } from '../../lag/consumerLag.js';
import { formatColumns } from '../formatColumns.js';
import { cliKafkaClient, withBrokersOption } from '../kafkaOptions.js';

/** `streamforge lag <group>`: a consumer group's lag per partition. */
export function lagCommand(): Command {
  return withBrokersOption(
    new Command('lag')
      .description("a consumer group's lag per partition")
      .argument('<group>', 'consumer group id'),
  )
    .option('-t, --topic <topic...>', 'only these topics')
    .option('--json', 'print JSON instead of a table')
    .action(async (group: string, options: { brokers: string; topic?: string[]; json?: boolean }) => {
      const admin = cliKafkaClient(options.brokers).admin();
      await admin.connect();
      try {
        const lags = await consumerLag(admin, group, options.topic);
        process.stdout.write(options.json ? `${JSON.stringify(lags, null, 2)}\n` : formatTable(group, lags));
      } finally {
        await admin.disconnect();
      }
    });
}

function formatTable(group: string, lags: readonly PartitionLag[]): string {
  if (lags.length === 0) return `group ${group} has no committed offsets on the requested topics\n`;
  const table = formatColumns([
    ['TOPIC', 'PARTITION', 'COMMITTED', 'END', 'LAG'],
    ...lags.map((lag) => [
      lag.topic,
      String(lag.partition),
      lag.committedOffset ?? '-',
      lag.logEndOffset,
      String(lag.lag),
    ]),
  ]);
  return `${table}\ntotal lag ${lags.reduce((sum, lag) => sum + lag.lag, 0)}\n`;
}
