import type { z } from 'zod';
import { ConfigError } from './errors.js';

/** A configuration schema: an object of environment variable names to zod types. */
export type EnvSchema = z.ZodObject<z.ZodRawShape>;

/**
 * Validates the environment against `schema` and returns the typed result. Unset and empty variables
 * are treated alike, so `FOO=` falls back to FOO's default instead of failing as an empty string.
 */
export function loadConfig<S extends EnvSchema>(
  schema: S,
  env: Readonly<Record<string, string | undefined>> = process.env,
): z.infer<S> {
  const input: Record<string, string> = {};
  for (const name of Object.keys(schema.shape)) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') input[name] = value.trim();
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const [variable = '(environment)', ...within] = issue.path.map(String);
      const message =
        issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
      // A list variable's issue path ends in the entry's index; operators count from 1.
      const where = within.map((part) => (/^\d+$/.test(part) ? `entry ${Number(part) + 1}` : part));
      return { variable, message: [...where, message].join(': ') };
    }),
  );
}

/**
 * For a service's entry point: loads the config, or prints one line per bad value to stderr and
 * exits with status 78 (EX_CONFIG), since retrying a bad deployment cannot help.
 */
export function loadConfigOrExit<S extends EnvSchema>(service: string, schema: S): z.infer<S> {
  try {
    return loadConfig(schema);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) {
      process.stderr.write(`${service}: invalid configuration: ${problem.variable}: ${problem.message}\n`);
    }
    process.exit(78);
  }
}
