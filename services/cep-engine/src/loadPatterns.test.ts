import { BUILT_IN_PATTERNS_DIRECTORY } from '@streamforge/cep';
import type { StreamEvent } from '@streamforge/stream';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPatterns } from './loadPatterns.js';

const transaction = (amount: number): StreamEvent => ({
  eventId: 'e1',
  eventType: 'transaction',
  userId: 'u1',
  timestamp: 1,
  receivedAt: 1,
  properties: { amount },
});

describe('loadPatterns', () => {
  it('applies HIGH_VALUE_THRESHOLD to the built-in high-value pattern', () => {
    const { files, problems } = loadPatterns(BUILT_IN_PATTERNS_DIRECTORY, 2_500);
    expect(problems).toEqual([]);
    const highValue = files.find((file) => file.pattern.id === 'high-value-transaction')?.pattern;
    const accepts = (amount: number) =>
      highValue?.stages[0]?.condition(transaction(amount), { events: () => [] });
    expect([accepts(2_500), accepts(2_501)]).toEqual([false, true]);
  });

  it('names every bad file and field, including patterns keyed by anything but userId', () => {
    const folder = mkdtempSync(join(tmpdir(), 'cep-engine-patterns-'));
    writeFileSync(join(folder, 'a.json'), JSON.stringify({ id: 'a', name: 'a', stages: [{ name: 'x' }] }));
    writeFileSync(
      join(folder, 'b.json'),
      JSON.stringify({ id: 'b', name: 'b', keyBy: 'properties.ip', stages: [{ name: 'x' }] }),
    );
    writeFileSync(join(folder, 'c.yaml'), 'id: c\nname: c\nwithin: soon\nstages:\n  - name: x\n');
    const { files, problems } = loadPatterns(folder, 1_000);
    expect(files.map((file) => file.pattern.id)).toEqual(['a']);
    expect(problems.map((problem) => problem.message)).toEqual([
      `${join(folder, 'c.yaml')}: within: must be ms or a duration like "500ms", "60s", "5m", "1h"`,
      `${join(folder, 'b.json')}: keyBy: the cep-engine runs patterns per userId (the key of its input topic); 'properties.ip' would need a repartition topic`,
    ]);
  });
});
