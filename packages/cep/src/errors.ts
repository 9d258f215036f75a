/**
 * The package's error base. `code` is a bounded category for metrics; `retriable` is false for every
 * error here because all of them are programmer or configuration errors that a retry cannot fix.
 */
export class CepError extends Error {
  readonly retriable: boolean = false;

  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CepError';
  }
}

/** A pattern that cannot be compiled (Flink's MalformedPatternException). Thrown by `build()`. */
export class MalformedPatternError extends CepError {
  constructor(
    readonly patternId: string,
    /** Each problem, with the stage index and field it concerns when there is one. */
    readonly problems: ReadonlyArray<{
      readonly stage?: number;
      readonly field?: string;
      readonly message: string;
    }>,
  ) {
    super(
      'MALFORMED_PATTERN',
      `pattern '${patternId}': ${problems.map((problem) => problem.message).join('; ')}`,
    );
    this.name = 'MalformedPatternError';
  }
}

/** A pattern file that does not satisfy the schema; `path` names the offending field (`stages[1].where`). */
export class PatternFileError extends CepError {
  constructor(
    readonly source: string,
    readonly path: string,
    readonly problem: string,
  ) {
    super('INVALID_PATTERN_FILE', `${source}: ${path === '' ? '(root)' : path}: ${problem}`);
    this.name = 'PatternFileError';
  }
}

/** A snapshot that does not belong to the registered patterns or is not a matcher snapshot. */
export class SnapshotRestoreError extends CepError {
  constructor(message: string) {
    super('SNAPSHOT_RESTORE_FAILED', message);
    this.name = 'SnapshotRestoreError';
  }
}
