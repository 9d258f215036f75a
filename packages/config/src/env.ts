import { z } from 'zod';

/**
 * Reusable types for environment variables. Each parses the raw string and names what it expects in
 * its error, because the operator sees only that message.
 */
export const env = {
  /** A comma-separated list of host:port pairs. */
  brokers: () =>
    z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((broker) => broker.trim())
          .filter(Boolean),
      )
      .pipe(
        z
          .array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'each broker must be host:port'))
          .min(1, 'at least one host:port is needed'),
      ),

  port: (fallback: number) =>
    z.coerce
      .number()
      .int('must be a whole number')
      .min(1, 'must be 1-65535')
      .max(65535, 'must be 1-65535')
      .default(fallback),

  positiveInt: (fallback: number) =>
    z.coerce.number().int('must be a whole number').positive('must be positive').default(fallback),

  positiveNumber: (fallback: number) => z.coerce.number().positive('must be positive').default(fallback),

  url: (protocols: readonly string[], fallback?: string) => {
    const schema = z.string().refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol.replace(/:$/, ''));
        } catch {
          return false;
        }
      },
      { message: `must be a ${protocols.join(' or ')} URL` },
    );
    return fallback === undefined ? schema : schema.default(fallback);
  },

  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
};
