/** Where in a job a failure happened; every field is optional because not every failure has one. */
export interface StreamErrorContext {
  source?: string;
  partition?: number;
  /** The position of the failing record in the batch handed to the task. */
  recordIndex?: number;
  operator?: string;
}

/**
 * Base of every error @streamforge/stream throws. `retriable` tells callers whether trying the same
 * thing again can succeed; programmer errors and failing user functions never are.
 */
export class StreamError extends Error {
  readonly code: string;
  readonly retriable: boolean;
  readonly context: StreamErrorContext;

  constructor(
    message: string,
    options: { code: string; retriable?: boolean; cause?: unknown; context?: StreamErrorContext },
  ) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.retriable = options.retriable ?? true;
    this.context = options.context ?? {};
  }
}

/** The job was put together wrongly (unknown source, streams of two jobs mixed, a name used twice). */
export class StreamDefinitionError extends StreamError {
  constructor(message: string) {
    super(message, { code: 'STREAM_DEFINITION_INVALID', retriable: false });
  }
}

/**
 * A batch failed inside a task: a user function threw or a record had no usable timestamp. The task's
 * memory may be half-updated, so the task refuses further work; the runner restores a new one from
 * the last committed state and decides what to do with the record (the context says which).
 */
export class TaskFailedError extends StreamError {
  constructor(message: string, cause: unknown, context: StreamErrorContext = {}) {
    super(message, { code: 'TASK_FAILED', retriable: false, cause, context });
  }
}
