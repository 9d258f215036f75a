import pino from 'pino';
import type { Logger } from 'pino';

export type { Logger };

/**
 * Paths whose values never reach a log line. Connection strings are included because they carry
 * passwords; log `redactUrl(url)` instead when the address matters.
 */
const REDACTED_PATHS = [
  'password',
  '*.password',
  'secret',
  '*.secret',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'databaseUrl',
  '*.databaseUrl',
  'DATABASE_URL',
  '*.DATABASE_URL',
];

export interface LoggerOptions {
  service: string;
  level?: string;
  /** Where lines go; stdout by default. */
  destination?: pino.DestinationStream;
}

/** A JSON logger on stdout, one object per line, with `service` on every line and secrets redacted. */
export function createLogger(options: LoggerOptions): Logger {
  const settings: pino.LoggerOptions = {
    level: options.level ?? 'info',
    base: { service: options.service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

/** A URL with its password (and user name) replaced, safe for logs and error messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = 'redacted';
    return parsed.toString();
  } catch {
    return '[unparseable url]';
  }
}
