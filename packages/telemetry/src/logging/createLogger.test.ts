import { Writable } from 'node:stream';
import { createLogger, redactUrl } from './createLogger.js';

describe('createLogger', () => {
  it('never writes secrets', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger({ service: 'test', destination });
    logger.info(
      {
        password: 'hunter2',
        db: { password: 'hunter3' },
        DATABASE_URL: 'postgres://u:hunter4@h/d',
        user: 'ann',
      },
      'hello',
    );
    const line = JSON.parse(lines.join('')) as Record<string, unknown>;
    expect(line).toMatchObject({
      service: 'test',
      level: 'info',
      msg: 'hello',
      user: 'ann',
      password: '[redacted]',
    });
    expect(lines.join('')).not.toMatch(/hunter/);
  });

  it('redacts the password of a URL', () => {
    expect(redactUrl('postgres://user:hunter2@db:5432/app')).toBe('postgres://user:redacted@db:5432/app');
    expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });
});
