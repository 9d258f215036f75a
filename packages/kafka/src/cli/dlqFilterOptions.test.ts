import { Command, CommanderError } from 'commander';
import type { DlqFilterOptions } from './dlqFilterOptions.js';
import { deadLetterFilter, hasDlqFilter, withDlqFilterOptions } from './dlqFilterOptions.js';

/** Parses `args` with the filter options as the CLI does, without running anything or exiting. */
function parse(args: string[]): { options: DlqFilterOptions; errors: string } {
  let errors = '';
  const command = withDlqFilterOptions(new Command('list').argument('<topic>'))
    .exitOverride()
    .configureOutput({ writeErr: (text) => (errors += text), writeOut: () => undefined })
    .action(() => undefined);
  try {
    command.parse(['orders', ...args], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
  }
  return { options: command.opts<DlqFilterOptions>(), errors };
}

describe('dlq filter options', () => {
  it('turn into the API filter', () => {
    const { options, errors } = parse([
      '--error',
      'DecodeError',
      '--contains',
      'json',
      '--since',
      '2024-05-01T00:00:00Z',
      '--until',
      '2024-05-02',
      '--time-field',
      'dead-lettered',
      '--partition',
      '3',
    ]);
    expect(errors).toBe('');
    expect(deadLetterFilter(options)).toEqual({
      errorClass: 'DecodeError',
      messageContains: 'json',
      from: new Date('2024-05-01T00:00:00Z'),
      to: new Date('2024-05-02T00:00:00Z'),
      timeField: 'deadLettered',
      partition: 3,
    });
    expect(hasDlqFilter(options)).toBe(true);
  });

  it('default to comparing the first failure, and an empty set of options narrows nothing', () => {
    const { options } = parse([]);
    expect(deadLetterFilter(options)).toEqual({ timeField: 'firstFailure' });
    expect(hasDlqFilter(options)).toBe(false);
    expect(hasDlqFilter(parse(['--time-field', 'dead-lettered']).options)).toBe(false);
  });

  it('measure every duration from one reference time, so a range given in durations is exact', () => {
    const { options } = parse(['--since', '2h', '--until', '1h']);
    expect((options.until as Date).getTime() - (options.since as Date).getTime()).toBe(3_600_000);
    expect(Math.abs(Date.now() - 3_600_000 - (options.until as Date).getTime())).toBeLessThan(5_000);
  });

  it.each([
    [
      ['--since', 'noon'],
      "error: option '--since <time>' argument 'noon' is invalid. expected an ISO-8601 time",
    ],
    [
      ['--partition', '-1'],
      "error: option '-p, --partition <n>' argument '-1' is invalid. expected an integer >= 0",
    ],
    [['--partition', 'two'], "error: option '-p, --partition <n>' argument 'two' is invalid."],
    [
      ['--time-field', 'arrival'],
      "error: option '--time-field <field>' argument 'arrival' is invalid. Allowed choices are first-failure, dead-lettered.",
    ],
    [['--error'], "error: option '--error <class>' argument missing"],
  ])('refuse %p with one line naming the option', (args, message) => {
    const { errors } = parse(args);
    expect(errors).toContain(message);
    expect(errors.trim().split('\n')).toHaveLength(1);
  });

  it('refuse a range that ends before it starts, naming both options', () => {
    const { options } = parse(['--since', '1h', '--until', '2h']);
    expect(() => deadLetterFilter(options)).toThrow(/^--since \(.*\) must be before --until \(.*\)$/);
  });
});
