import { z } from 'zod';
import { ConfigError } from './errors.js';
import { env } from './env.js';
import { loadConfig } from './loadConfig.js';

const schema = z.object({
  KAFKA_BROKERS: env.brokers(),
  HTTP_PORT: env.port(8080),
  DATABASE_URL: env.url(['postgres', 'postgresql']),
  LOG_LEVEL: env.logLevel(),
});

describe('loadConfig', () => {
  it('parses a valid environment into typed values with defaults', () => {
    const config = loadConfig(schema, {
      KAFKA_BROKERS: 'a:9092, b:9093',
      DATABASE_URL: 'postgres://u:secret@db:5432/x',
      HTTP_PORT: '',
    });
    expect(config).toEqual({
      KAFKA_BROKERS: ['a:9092', 'b:9093'],
      HTTP_PORT: 8080,
      DATABASE_URL: 'postgres://u:secret@db:5432/x',
      LOG_LEVEL: 'info',
    });
  });

  it('reports every bad value, one line each, naming the variable and never its value', () => {
    let error: unknown;
    try {
      loadConfig(schema, {
        KAFKA_BROKERS: 'nohostport',
        HTTP_PORT: '70000',
        DATABASE_URL: 'mysql://pw@h/db',
        LOG_LEVEL: 'loud',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const lines = (error as ConfigError).message.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('KAFKA_BROKERS: entry 1: each broker must be host:port');
    expect(lines[1]).toBe('HTTP_PORT: must be 1-65535');
    expect(lines[2]).toBe('DATABASE_URL: must be a postgres or postgresql URL');
    expect(lines[3]).toMatch(/^LOG_LEVEL: /);
    expect((error as ConfigError).message).not.toContain('pw@');
  });

  it('names a missing required variable', () => {
    expect(() => loadConfig(schema, { KAFKA_BROKERS: 'a:1' })).toThrow('DATABASE_URL: is required');
  });
});
