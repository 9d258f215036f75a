import { deadLetterMessage } from '@streamforge/kafka';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../../stack/index.js';
import { DlqScenario } from './DlqScenario.js';

interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The built CLI (`packages/kafka/dist/cli/streamforge.js`) as a child process, on dead letters written
 * with deadLetterMessage for records really produced to the origin topic.
 */
describe('streamforge dlq CLI', () => {
  let scenario: DlqScenario;
  const cli = (...args: string[]): CliRun => {
    const run = spawnSync(
      process.execPath,
      [
        join(repoRoot(), 'packages/kafka/dist/cli/streamforge.js'),
        ...args,
        '--brokers',
        scenario.brokers.join(','),
      ],
      { encoding: 'utf8', timeout: 30_000 },
    );
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  };
  const originRecords = [
    { key: 'decode-a', value: '{"a":', error: 'DecodeError', message: 'Unexpected end of JSON input' },
    { key: 'decode-b', value: '{"b":', error: 'DecodeError', message: 'Unexpected end of JSON input' },
    { key: 'timeout-c', value: 'c', error: 'TimeoutError', message: 'Timed out after 5000 ms' },
  ];

  beforeAll(async () => {
    scenario = await DlqScenario.start('dlq-cli', 1);
    const written = await scenario.producer.send({
      topic: scenario.topic,
      messages: originRecords.map(({ key, value }) => ({ key, value, headers: { trace: `t-${key}` } })),
    });
    const firstOffset = BigInt(written[0]?.baseOffset ?? '0');
    await scenario.producer.send({
      topic: scenario.deadLetterTopic,
      messages: originRecords.map(({ key, value, error, message }, i) =>
        deadLetterMessage(
          { topic: scenario.topic, partition: 0 },
          {
            key: Buffer.from(key),
            value: Buffer.from(value),
            headers: { trace: Buffer.from(`t-${key}`) },
            offset: String(firstOffset + BigInt(i)),
            timestamp: String(Date.now()),
            attributes: 0,
          },
          Object.assign(new Error(message), { name: error }),
        ),
      ),
    });
  });
  afterAll(() => scenario?.close());

  it('lists dead letters as a table and as JSON, filtered by error class', () => {
    const table = cli('dlq', 'list', scenario.topic);
    expect(table.stderr).toBe('');
    expect(table.status).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^DLQ\s+FIRST FAILURE\s+ORIGIN\s+KEY\s+ATTEMPTS\s+ERROR\s+MESSAGE\s+VALUE\s+REDRIVEN$/,
    );
    expect(lines.slice(1, 4).map((line) => line.split(/\s{2,}/))).toEqual(
      originRecords.map(({ key, value, error, message }, i) => [
        `0:${i}`,
        expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
        `${scenario.topic}/0@${i}`,
        key,
        '1',
        error,
        message,
        `${value.length} B`,
        '-',
      ]),
    );
    expect(lines[4]).toBe(`3 dead letter(s) on ${scenario.deadLetterTopic}`);

    const json = cli('dlq', 'list', scenario.deadLetterTopic, '--error', 'DecodeError', '--json');
    expect(json.status).toBe(0);
    const listed = JSON.parse(json.stdout) as {
      key: string;
      errorClass: string;
      headers: object;
      offset: string;
    }[];
    expect(
      listed.map(({ key, errorClass, headers, offset }) => ({ key, errorClass, headers, offset })),
    ).toEqual([
      { key: 'decode-a', errorClass: 'DecodeError', headers: { trace: 't-decode-a' }, offset: '0' },
      { key: 'decode-b', errorClass: 'DecodeError', headers: { trace: 't-decode-b' }, offset: '1' },
    ]);
    const none = cli('dlq', 'list', scenario.topic, '--since', '2000-01-01', '--until', '2000-01-02');
    expect(none.stdout).toBe(`no dead letters on ${scenario.deadLetterTopic} match\n`);
  });

  it('refuses bad arguments with one line naming what is wrong', () => {
    const cases: [string[], RegExp][] = [
      [
        ['dlq', 'list', scenario.topic, '--since', 'noon'],
        /^error: option '--since <time>' argument 'noon' is invalid\./,
      ],
      [
        ['dlq', 'list', scenario.topic, '--limit', '0'],
        /^error: option '--limit <n>' argument '0' is invalid\./,
      ],
      [
        ['dlq', 'redrive', scenario.topic, '--offsets', '0:x'],
        /^error: option '--offsets <list>' argument '0:x' is invalid\. '0:x' is not partition:offset/,
      ],
      [['dlq', 'redrive', scenario.topic], /^streamforge: redrive needs a selection: --offsets, a filter/],
      [['dlq', 'redrive', scenario.topic, '--all', '--error', 'X'], /^streamforge: --all cannot be combined/],
      [
        ['dlq', 'list', scenario.topic, '--since', '1h', '--until', '2h'],
        /^streamforge: --since \(.*\) must be before --until/,
      ],
      [['dlq', 'list', `${scenario.topic}-nope`], /^streamforge: topic .*-nope\.dlq does not exist$/],
    ];
    for (const [args, message] of cases) {
      const run = cli(...args);
      expect({ args, status: run.status, stdout: run.stdout }).toEqual({ args, status: 1, stdout: '' });
      expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(message)]);
    }
  });

  it('re-drives in a dry run without sending, then for real, once', async () => {
    const originBefore = await scenario.endOffsets(scenario.topic);
    const dryRun = cli('dlq', 'redrive', scenario.topic, '--error', 'DecodeError', '--dry-run');
    expect(dryRun.status).toBe(0);
    expect(dryRun.stdout).toContain(
      `dry run: would re-drive 2 dead letter(s) from ${scenario.deadLetterTopic}; nothing was sent`,
    );
    expect(dryRun.stdout).toMatch(/0:0\s+\S+\/0\s+decode-a\s+would send/);
    expect(await scenario.endOffsets(scenario.topic)).toEqual(originBefore);

    const sent = cli('dlq', 'redrive', scenario.topic, '--offsets', '0:2', '--json');
    expect(sent.status).toBe(0);
    expect(JSON.parse(sent.stdout)).toMatchObject({
      dryRun: false,
      sent: [{ partition: 0, offset: '2', key: 'timeout-c', toTopic: scenario.topic, toPartition: 0 }],
      skipped: [],
    });
    const copies = await scenario.readSince(scenario.topic, originBefore);
    expect(copies.map(({ key, value, headers }) => ({ key, value, trace: headers.trace }))).toEqual([
      { key: 'timeout-c', value: 'c', trace: 't-timeout-c' },
    ]);

    const repeat = cli('dlq', 'redrive', scenario.topic, '--offsets', '0:2');
    expect(repeat.status).toBe(0);
    expect(repeat.stdout).toMatch(/0:2\s+\S+\s+timeout-c\s+skipped: already-redriven/);
    expect(repeat.stdout).toContain('re-drove 0 dead letter(s)');
    expect(repeat.stdout).toContain('--allow-repeat');
    const pending = JSON.parse(cli('dlq', 'list', scenario.topic, '--pending', '--json').stdout) as {
      key: string;
    }[];
    expect(pending.map((p) => p.key)).toEqual(['decode-a', 'decode-b']);
    expect(await scenario.readSince(scenario.topic, originBefore)).toHaveLength(1);
  });
});
