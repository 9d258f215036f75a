import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlertingConfigurationError } from '../errors.js';
import { parseProcessorConfig } from '../processing/ProcessorConfig.js';
import { loadRuleFiles } from './loadRuleFiles.js';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rules-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof AlertingConfigurationError)
      return error.problems.map((p) => `${p.source.split('/').pop()}: ${p.field}: ${p.message}`);
    throw error;
  }
  throw new Error('expected the rule files to be rejected');
}

const cep = { kind: 'cep', patternId: 'p', severity: 'high' };

describe('loadRuleFiles', () => {
  it('loads one rule, an array, or { rules } per file, in name order, ignoring other files', () => {
    const dir = folder({
      'b.json': JSON.stringify({
        rules: [
          { ...cep, id: 'b1' },
          { ...cep, id: 'b2' },
        ],
      }),
      'a.json': JSON.stringify({ ...cep, id: 'a' }),
      'c.json': JSON.stringify([{ ...cep, id: 'c' }]),
      'README.md': '# not a rule',
    });
    expect(loadRuleFiles(dir).map(({ file, rule }) => `${file.split('/').pop()}:${rule.id}`)).toEqual([
      'a.json:a',
      'b.json:b1',
      'b.json:b2',
      'c.json:c',
    ]);
  });

  it('names every bad value with its file and field, one problem each', () => {
    const dir = folder({
      'a.json': JSON.stringify({
        rules: [
          { ...cep, id: 'ok' },
          { ...cep, id: 'x', severity: 'urgent', resolveAfter: '5 minutes' },
        ],
      }),
      'b.json': '{ not json',
      'c.json': JSON.stringify({ ...cep, id: 'ok' }),
      'd.yaml': 'id: y',
    });
    expect(problemsOf(() => loadRuleFiles(dir))).toEqual([
      'a.json: rules.1.severity: Invalid option: expected one of "critical"|"high"|"medium"|"low"|"info"',
      "a.json: rules.1.resolveAfter: expected a duration such as '500ms', '30s', '5m', '1h' or '1d'",
      'b.json: (file): cannot be parsed (SyntaxError)',
      "c.json: id: duplicate rule id 'ok' (also in " + join(dir, 'a.json') + ')',
      'd.yaml: (file): YAML rule files are not supported here; write it as .json',
    ]);
  });

  it('parses YAML with the parser it is given', () => {
    const dir = folder({ 'a.yml': 'ignored' });
    const rules = loadRuleFiles(dir, { parseYaml: () => ({ ...cep, id: 'from-yaml' }) });
    expect(rules.map(({ rule }) => rule.id)).toEqual(['from-yaml']);
  });

  it('rejects routes and escalation policies the configuration lacks', () => {
    const config = parseProcessorConfig({ routes: [{ id: 'ops' }] });
    const dir = folder({
      'a.json': JSON.stringify([
        { ...cep, id: 'a', route: 'ops', escalationPolicy: 'nobody' },
        { ...cep, id: 'b', route: 'elsewhere' },
        { ...cep, id: 'c' },
      ]),
    });
    expect(problemsOf(() => loadRuleFiles(dir, { config }))).toEqual([
      "a.json: rules.0.escalationPolicy: unknown escalation policy 'nobody'",
      "a.json: rules.1.route: unknown route 'elsewhere'",
    ]);
  });

  it('names a folder that is not there', () => {
    expect(problemsOf(() => loadRuleFiles('/nonexistent/rules'))).toEqual([
      'rules: (folder): is not a readable folder',
    ]);
  });
});
