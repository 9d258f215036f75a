import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { SERVICE_NAMES, repoRoot } from './stack/index.js';

/** A service with bad configuration says what is wrong, one line per value, and exits without retrying. */
describe('service start-up with bad configuration', () => {
  const root = repoRoot();
  const start = (service: string, env: Record<string, string>) =>
    spawnSync(process.execPath, [join(root, 'services', service, 'dist', 'main.js')], {
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });

  it.each(SERVICE_NAMES)('%s names every bad value and exits with 78', (service) => {
    const result = start(service, {
      KAFKA_BROKERS: 'localhost',
      HTTP_PORT: 'eighty',
      LOG_LEVEL: 'chatty',
      DATABASE_URL: 'mysql://admin:s3cret@db/x',
    });
    expect(result.status).toBe(78);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toContain(
      `${service}: invalid configuration: KAFKA_BROKERS: entry 1: each broker must be host:port`,
    );
    expect(lines.some((line) => line.startsWith(`${service}: invalid configuration: HTTP_PORT: `))).toBe(
      true,
    );
    expect(lines.some((line) => line.startsWith(`${service}: invalid configuration: LOG_LEVEL: `))).toBe(
      true,
    );
    expect(result.stderr).not.toContain('s3cret');
    for (const line of lines)
      expect(line).toMatch(new RegExp(`^${service}: invalid configuration: [A-Z_]+: `));
  });

  it('names a missing required value', () => {
    const result = start('alert-engine', { KAFKA_BROKERS: '127.0.0.1:1' });
    expect(result.status).toBe(78);
    expect(result.stderr.trim()).toBe('alert-engine: invalid configuration: DATABASE_URL: is required');
  });
});
