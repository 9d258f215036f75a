import { Command, InvalidArgumentError } from 'commander';
import type { DeadLetterPosition } from '../../dlq/DeadLetterSelection.js';
import { deadLetterTopicFor } from '../../dlq/deadLetterTopicFor.js';
import type { RedriveResult } from '../../dlq/redriveDeadLetters.js';
import { redriveDeadLetters } from '../../dlq/redriveDeadLetters.js';
import { cell } from '../deadLetterView.js';
import type { DlqFilterOptions } from '../dlqFilterOptions.js';
import { deadLetterFilter, hasDlqFilter, withDlqFilterOptions } from '../dlqFilterOptions.js';
import { formatColumns } from '../formatColumns.js';
import { cliKafkaClient, withBrokersOption } from '../kafkaOptions.js';
import { parseOffsetsArgument } from '../parseOffsetsArgument.js';

interface RedriveOptions extends DlqFilterOptions {
  brokers: string;
  offsets?: DeadLetterPosition[];
  all?: boolean;
  dryRun?: boolean;
  allowRepeat?: boolean;
  byKey?: boolean;
  json?: boolean;
}

/** `streamforge dlq redrive <topic>`: sends chosen dead letters back to their origin topic. */
export function dlqRedriveCommand(): Command {
  const command = new Command('redrive')
    .description('send chosen dead letters back to their origin topic, each once unless --allow-repeat')
    .argument('<topic>', 'the DLQ topic, or the topic whose <topic>.dlq to read');
  return withDlqFilterOptions(withBrokersOption(command))
    .option(
      '--offsets <list>',
      'exactly these dead letters, as partition:offset pairs (0:15,2:7)',
      parseOffsetsArgument,
    )
    .option('--all', 'every dead letter (required when no filter or --offsets is given)')
    .option('--dry-run', 'show what would be sent, send nothing')
    .option('--allow-repeat', 'also send dead letters that were re-driven before')
    .option('--by-key', 'place copies by key on the origin topic instead of on their original partition')
    .option('--json', 'print JSON instead of a table')
    .action(async (topic: string, options: RedriveOptions) => {
      const selected = hasDlqFilter(options) || options.offsets !== undefined;
      if (!selected && !options.all)
        throw new InvalidArgumentError(
          'redrive needs a selection: --offsets, a filter (--error, --contains, --since, --until, --partition) or --all',
        );
      if (selected && options.all)
        throw new InvalidArgumentError('--all cannot be combined with --offsets or filters');
      const result = await redriveDeadLetters(cliKafkaClient(options.brokers), {
        topic,
        selection: {
          ...deadLetterFilter(options),
          ...(options.offsets ? { offsets: options.offsets } : {}),
        },
        dryRun: options.dryRun ?? false,
        allowRepeat: options.allowRepeat ?? false,
        placement: options.byKey ? 'byKey' : 'originalPartition',
      });
      process.stdout.write(
        options.json
          ? `${JSON.stringify(resultView(result), null, 2)}\n`
          : formatResult(deadLetterTopicFor(topic), result),
      );
    });
}

function resultView(result: RedriveResult) {
  return {
    dryRun: result.dryRun,
    at: result.at.toISOString(),
    sent: result.sent.map(({ deadLetter, toTopic, toPartition }) => ({
      partition: deadLetter.partition,
      offset: deadLetter.offset,
      key: deadLetter.key?.toString('utf8') ?? null,
      toTopic,
      toPartition,
    })),
    skipped: result.skipped.map(({ deadLetter, reason }) => ({
      partition: deadLetter.partition,
      offset: deadLetter.offset,
      key: deadLetter.key?.toString('utf8') ?? null,
      reason,
    })),
  };
}

function formatResult(deadLetterTopic: string, result: RedriveResult): string {
  const status = result.dryRun ? 'would send' : 'sent';
  const rows = [
    ...result.sent.map(({ deadLetter, toTopic, toPartition }) => [
      `${deadLetter.partition}:${deadLetter.offset}`,
      `${toTopic}/${toPartition ?? 'by key'}`,
      cell(deadLetter.key?.toString('utf8'), 24),
      status,
    ]),
    ...result.skipped.map(({ deadLetter, reason }) => [
      `${deadLetter.partition}:${deadLetter.offset}`,
      deadLetter.originTopic ?? '-',
      cell(deadLetter.key?.toString('utf8'), 24),
      `skipped: ${reason}`,
    ]),
  ];
  const table = rows.length === 0 ? '' : `${formatColumns([['DLQ', 'TO', 'KEY', 'STATUS'], ...rows])}\n`;
  const skipped = result.skipped.length === 0 ? '' : `, skipped ${result.skipped.length}`;
  const summary = result.dryRun
    ? `dry run: would re-drive ${result.sent.length} dead letter(s) from ${deadLetterTopic}${skipped}; nothing was sent`
    : `re-drove ${result.sent.length} dead letter(s) from ${deadLetterTopic}${skipped}`;
  const hint = result.skipped.some((s) => s.reason === 'already-redriven')
    ? ' (already re-driven ones are sent again only with --allow-repeat)'
    : '';
  return `${table}${summary}${hint}\n`;
}
