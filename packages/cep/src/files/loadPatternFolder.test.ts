import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT_IN_PATTERNS_DIRECTORY } from './loadPatternFile.js';
import { loadPatternFolder } from './loadPatternFolder.js';

const valid = (id: string) => JSON.stringify({ id, name: id, stages: [{ name: 'a' }] });

describe('loadPatternFolder', () => {
  it('loads the built-in detectors, applying parameter values to the version', () => {
    const plain = loadPatternFolder(BUILT_IN_PATTERNS_DIRECTORY);
    expect(plain.errors).toEqual([]);
    expect(plain.files).toHaveLength(8);
    const raised = loadPatternFolder(BUILT_IN_PATTERNS_DIRECTORY, {
      parameters: { 'high-value-transaction': { threshold: 5_000 } },
    });
    const versions = (folder: typeof plain) =>
      Object.fromEntries(folder.files.map((file) => [file.pattern.id, file.version]));
    const [before, after] = [versions(plain), versions(raised)];
    expect(after['high-value-transaction']).not.toBe(before['high-value-transaction']);
    expect({ ...after, 'high-value-transaction': '' }).toEqual({ ...before, 'high-value-transaction': '' });
  });

  it('reports every bad file with its field path and still loads the good ones', () => {
    const folder = mkdtempSync(join(tmpdir(), 'cep-folder-'));
    writeFileSync(join(folder, 'a.json'), valid('a'));
    writeFileSync(
      join(folder, 'b.json'),
      JSON.stringify({ id: 'b', name: 'b', stages: [{ name: 'x', quantifier: 'twice' }] }),
    );
    writeFileSync(join(folder, 'c.yaml'), 'id: a\nname: again\nstages:\n  - name: a\n');
    writeFileSync(join(folder, 'notes.txt'), 'not a pattern');
    const { files, errors } = loadPatternFolder(folder);
    expect(files.map((file) => file.pattern.id)).toEqual(['a']);
    expect(errors.map((error) => error.message)).toEqual([
      `${join(folder, 'b.json')}: stages[0].quantifier: must be one of oneOrMore, zeroOrMore`,
      `${join(folder, 'c.yaml')}: id: pattern id 'a' is also defined in ${join(folder, 'a.json')}`,
    ]);
    expect(loadPatternFolder(join(folder, 'missing')).errors[0]?.message).toMatch(
      /missing: \(root\): cannot read the folder: ENOENT/,
    );
  });
});
