/**
 * Base of every error @streamforge/testing throws; `retriable` says whether running the suite again
 * may help (infrastructure still starting) or a human must act first (nothing installed, bad setting).
 */
export class TestingError extends Error {
  readonly code: string;
  readonly retriable: boolean;

  constructor(message: string, options: { code: string; retriable?: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.retriable = options.retriable ?? false;
  }
}

/** `waitFor` ran out of time; the message says what was awaited and the last failure seen. */
export class WaitForTimeoutError extends TestingError {
  readonly description: string;
  readonly timeoutMs: number;

  constructor(description: string, timeoutMs: number, lastError?: unknown) {
    const reason =
      lastError === undefined
        ? ''
        : `; last error: ${lastError instanceof Error ? lastError.message : String(lastError)}`;
    super(`timed out after ${timeoutMs} ms waiting for ${description}${reason}`, {
      code: 'WAIT_FOR_TIMEOUT',
      retriable: true,
      cause: lastError,
    });
    this.description = description;
    this.timeoutMs = timeoutMs;
  }
}

/** The requested infrastructure cannot be provided the way the environment asks for it. */
export class InfrastructureUnavailableError extends TestingError {
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'INFRASTRUCTURE_UNAVAILABLE', cause });
  }
}
