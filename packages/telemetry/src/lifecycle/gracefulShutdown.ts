import type { Logger } from 'pino';

export interface ShutdownOptions {
  /** After this long the process exits with status 1 even if a step still runs. */
  timeoutMs?: number;
  signals?: readonly NodeJS.Signals[];
}

/**
 * Runs `stop` once on SIGTERM or SIGINT, then exits. `stop` is where a service finishes in-flight work,
 * commits and disconnects; a second signal or the timeout forces the exit so a stuck dependency
 * cannot keep a deployment from rolling.
 */
export function onShutdown(logger: Logger, stop: () => Promise<void>, options: ShutdownOptions = {}): void {
  const timeoutMs = options.timeoutMs ?? 25_000;
  let stopping = false;
  const handle = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal during shutdown; exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown timed out; exiting');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    stop().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  for (const signal of options.signals ?? ['SIGTERM', 'SIGINT']) process.on(signal, handle);
}
