/** One configuration value that is missing or wrong. */
export interface ConfigProblem {
  /** The environment variable (or file key) at fault. */
  variable: string;
  message: string;
}

/**
 * Thrown by `loadConfig` with every problem found, not just the first, so that an operator fixes a
 * deployment in one pass. The message has one line per problem and never echoes a value.
 */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  readonly retriable = false;
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    super(problems.map((problem) => `${problem.variable}: ${problem.message}`).join('\n'));
    this.name = 'ConfigError';
    this.problems = problems;
  }
}
