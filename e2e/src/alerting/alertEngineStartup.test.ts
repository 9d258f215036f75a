import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../stack/index.js';

/**
 * Bad rule files and a bad alerting configuration stop the alert-engine before it connects anywhere:
 * one line per bad value naming the variable, the file and the field, exit 78, and no secret echoed.
 */
describe('alert-engine start-up with bad rules or alerting configuration', () => {
  const start = (env: Record<string, string>) =>
    spawnSync(process.execPath, [join(repoRoot(), 'services', 'alert-engine', 'dist', 'main.js')], {
      env: {
        PATH: process.env.PATH ?? '',
        KAFKA_BROKERS: '127.0.0.1:1',
        DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
        ...env,
      },
      encoding: 'utf8',
      timeout: 30_000,
    });

  it('names every bad rule value and configuration value, one line each, and exits with 78', () => {
    const dir = mkdtempSync(join(tmpdir(), 'alert-engine-startup-'));
    const rules = join(dir, 'rules');
    mkdirSync(rules);
    writeFileSync(
      join(rules, 'fraud.json'),
      JSON.stringify({
        rules: [
          { id: 'ok', kind: 'cep', patternId: 'p', severity: 'high', route: 'ops' },
          {
            id: 'bad',
            kind: 'threshold',
            metric: 'm',
            op: '>>',
            threshold: 1,
            severity: 'high',
            route: 'ops',
          },
          { id: 'lost', kind: 'cep', patternId: 'p', severity: 'low', route: 'nowhere' },
        ],
      }),
    );
    writeFileSync(join(rules, 'broken.json'), '{ "id": ');
    const config = join(dir, 'alerting.json');
    writeFileSync(
      config,
      JSON.stringify({
        routes: [{ id: 'ops', channels: ['hook'] }],
        channels: [{ id: 'hook', type: 'webhook', url: 'http://127.0.0.1:9/x', secret: 'tooshort-secret' }],
      }),
    );
    const result = start({ RULES_DIR: rules, ALERTING_CONFIG_FILE: config });
    expect(result.status).toBe(78);
    expect(result.stderr.trim().split('\n')).toEqual([
      `alert-engine: invalid configuration: ALERTING_CONFIG_FILE: ${config}: channels.0.secret: Too small: expected string to have >=16 characters`,
      `alert-engine: invalid configuration: RULES_DIR: ${join(rules, 'broken.json')}: (file): cannot be parsed (SyntaxError)`,
      `alert-engine: invalid configuration: RULES_DIR: ${join(rules, 'fraud.json')}: rules.1.op: Invalid option: expected one of ">"|">="|"<"|"<="|"=="|"!="`,
    ]);
    expect(result.stderr).not.toContain('tooshort-secret');

    // With a good configuration, the rules are checked against it too.
    writeFileSync(join(rules, 'broken.json'), '[]');
    writeFileSync(
      config,
      JSON.stringify({
        routes: [{ id: 'ops', channels: ['hook'] }],
        channels: [
          { id: 'hook', type: 'webhook', url: 'http://127.0.0.1:9/x', secret: 'long-enough-secret-0123' },
        ],
      }),
    );
    const again = start({ RULES_DIR: rules, ALERTING_CONFIG_FILE: config });
    expect(again.status).toBe(78);
    expect(again.stderr.trim().split('\n')).toEqual([
      `alert-engine: invalid configuration: RULES_DIR: ${join(rules, 'fraud.json')}: rules.1.op: Invalid option: expected one of ">"|">="|"<"|"<="|"=="|"!="`,
      `alert-engine: invalid configuration: RULES_DIR: ${join(rules, 'fraud.json')}: rules.2.route: unknown route 'nowhere'`,
    ]);
  });

  it('refuses a short API key without printing it', () => {
    const result = start({ API_KEY: 'sesame' });
    expect(result.status).toBe(78);
    expect(result.stderr.trim()).toBe(
      'alert-engine: invalid configuration: API_KEY: must be at least 16 characters',
    );
  });
});
