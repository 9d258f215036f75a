import type { Logger } from '@streamforge/telemetry';

/**
 * Runs a pass again and again, one at a time: each pass returns how long to wait before the next, and
 * `wake()` cuts the wait short (new work was committed). A failed pass is logged and retried after
 * `retryMs`, so a dependency outage slows the loop down instead of ending it.
 */
export class Loop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private wakeRequested = false;
  private stopped = false;

  constructor(
    private readonly name: string,
    private readonly pass: () => Promise<number>,
    private readonly logger: Logger,
    private readonly retryMs = 1_000,
  ) {}

  start(): void {
    this.schedule(0);
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running !== undefined) this.wakeRequested = true;
    else this.schedule(0);
  }

  /** Stops scheduling and waits for the pass in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(), Math.max(0, delayMs));
  }

  private run(): void {
    this.timer = undefined;
    this.running = (async () => {
      let delay: number;
      try {
        delay = await this.pass();
      } catch (error) {
        this.logger.error({ err: error, loop: this.name }, 'loop pass failed; retrying');
        delay = this.retryMs;
      }
      this.running = undefined;
      if (this.stopped) return;
      if (this.wakeRequested) {
        this.wakeRequested = false;
        delay = 0;
      }
      this.schedule(delay);
    })();
  }
}
