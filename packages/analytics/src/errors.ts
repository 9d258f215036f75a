/**
 * The package's error base. `code` is a bounded category for metric labels; `retriable` is false for
 * every error here: they are configuration or programmer errors that trying again cannot fix.
 */
export class AnalyticsError extends Error {
  readonly retriable: boolean = false;

  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Two sketches built with different parameters (precision, accuracy, capacity) cannot be merged. */
export class SketchMergeError extends AnalyticsError {
  constructor(message: string) {
    super('SKETCH_MERGE_INCOMPATIBLE', message);
  }
}

/** A JSON value that is not the state of the sketch it is restored into. */
export class SketchStateError extends AnalyticsError {
  constructor(message: string) {
    super('SKETCH_STATE_INVALID', message);
  }
}

/** A pipeline, rule or detector configuration that does not validate; `field` names the bad value. */
export class AnalyticsConfigError extends AnalyticsError {
  constructor(
    /** Each problem, with the dotted path of the field it concerns (`metrics[0].window.sizeMs`). */
    readonly problems: ReadonlyArray<{ readonly field: string; readonly message: string }>,
  ) {
    super('ANALYTICS_CONFIG_INVALID', problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  }

  /** The first bad field, for callers that report one. */
  get field(): string {
    return this.problems[0]?.field ?? '';
  }
}
