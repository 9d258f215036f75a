import { Command } from 'commander';
import type { DeadLetterRecord } from '../../dlq/DeadLetterRecord.js';
import { deadLetterTopicFor } from '../../dlq/deadLetterTopicFor.js';
import { listDeadLetters } from '../../dlq/listDeadLetters.js';
import { cell, deadLetterView, timeCell } from '../deadLetterView.js';
import type { DlqFilterOptions } from '../dlqFilterOptions.js';
import { deadLetterFilter, withDlqFilterOptions } from '../dlqFilterOptions.js';
import { formatColumns } from '../formatColumns.js';
import { cliKafkaClient, withBrokersOption } from '../kafkaOptions.js';
import { countParser } from '../parseCountArgument.js';

interface ListOptions extends DlqFilterOptions {
  brokers: string;
  limit?: number;
  pending?: boolean;
  json?: boolean;
}

/** `streamforge dlq list <topic>`: the dead letters that match, oldest first. */
export function dlqListCommand(): Command {
  const command = new Command('list')
    .description('list dead letters, oldest first')
    .argument('<topic>', 'the DLQ topic, or the topic whose <topic>.dlq to read');
  return withDlqFilterOptions(withBrokersOption(command))
    .option('--limit <n>', 'at most this many, the oldest', countParser(1))
    .option('--pending', 'only dead letters never re-driven')
    .option('--json', 'print JSON instead of a table')
    .action(async (topic: string, options: ListOptions) => {
      const records = await listDeadLetters(cliKafkaClient(options.brokers), {
        topic,
        ...deadLetterFilter(options),
        ...(options.limit === undefined ? {} : { limit: options.limit }),
        ...(options.pending ? { redriven: false } : {}),
      });
      process.stdout.write(
        options.json
          ? `${JSON.stringify(records.map(deadLetterView), null, 2)}\n`
          : formatTable(deadLetterTopicFor(topic), records),
      );
    });
}

function formatTable(deadLetterTopic: string, records: readonly DeadLetterRecord[]): string {
  if (records.length === 0) return `no dead letters on ${deadLetterTopic} match\n`;
  const table = formatColumns([
    ['DLQ', 'FIRST FAILURE', 'ORIGIN', 'KEY', 'ATTEMPTS', 'ERROR', 'MESSAGE', 'VALUE', 'REDRIVEN'],
    ...records.map((r) => [
      `${r.partition}:${r.offset}`,
      timeCell(r.firstFailureAt ?? r.deadLetteredAt),
      r.originTopic === null ? '-' : `${r.originTopic}/${r.originPartition ?? '?'}@${r.originOffset ?? '?'}`,
      cell(r.key?.toString('utf8'), 24),
      r.attempts === null ? '-' : String(r.attempts),
      cell(r.errorClass, 24),
      cell(r.errorMessage, 48),
      `${r.valueSize} B`,
      r.redrives.length === 0
        ? '-'
        : `${r.redrives.length}x, last ${timeCell(r.redrives.at(-1)?.at ?? null)}`,
    ]),
  ]);
  return `${table}\n${records.length} dead letter(s) on ${deadLetterTopic}\n`;
}
