import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import type { DeadLetterFilter } from '../dlq/DeadLetterFilter.js';
import { countParser } from './parseCountArgument.js';
import { parseTimeArgument } from './parseTimeArgument.js';

/** The filter options as commander parses them. */
export interface DlqFilterOptions {
  error?: string;
  contains?: string;
  since?: Date;
  until?: Date;
  timeField: 'first-failure' | 'dead-lettered';
  partition?: number;
}

/** Adds the options that choose dead letters, shared by `dlq list` and `dlq redrive`. */
export function withDlqFilterOptions(command: Command): Command {
  // One reference time for every duration on the line, so `--since 2h --until 1h` is exactly an hour.
  const now = new Date();
  const time = (text: string) => parseTimeArgument(text, now);
  return command
    .option('--error <class>', 'only this error class (dlq-error-class), exactly')
    .option('--contains <text>', 'only errors whose message contains this text, ignoring case')
    .option('--since <time>', 'from this time on: ISO-8601, or a duration ago (30m, 2h, 7d)', time)
    .option('--until <time>', 'before this time: ISO-8601, or a duration ago', time)
    .addOption(
      new Option('--time-field <field>', 'the time --since/--until compare')
        .choices(['first-failure', 'dead-lettered'])
        .default('first-failure'),
    )
    .option('-p, --partition <n>', 'only this DLQ partition', countParser(0));
}

/** The API's filter for the parsed options; a range that is empty by construction is refused. */
export function deadLetterFilter(options: DlqFilterOptions): DeadLetterFilter {
  if (options.since && options.until && options.since.getTime() >= options.until.getTime())
    throw new InvalidArgumentError(
      `--since (${options.since.toISOString()}) must be before --until (${options.until.toISOString()})`,
    );
  return {
    ...(options.error === undefined ? {} : { errorClass: options.error }),
    ...(options.contains === undefined ? {} : { messageContains: options.contains }),
    ...(options.since === undefined ? {} : { from: options.since }),
    ...(options.until === undefined ? {} : { to: options.until }),
    timeField: options.timeField === 'dead-lettered' ? 'deadLettered' : 'firstFailure',
    ...(options.partition === undefined ? {} : { partition: options.partition }),
  };
}

/** Whether any option narrows the dead letters (the time field alone does not). */
export function hasDlqFilter(options: DlqFilterOptions): boolean {
  return [options.error, options.contains, options.since, options.until, options.partition].some(
    (value) => value !== undefined,
  );
}
