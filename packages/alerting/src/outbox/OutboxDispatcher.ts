import type { AlertingLogger, NotificationChannel } from '../notify/NotificationChannel.js';
import type { OutboxEntry, PostgresOutbox } from '../store/PostgresOutbox.js';
import type { BackoffOptions } from './Backoff.js';
import { backoffDelay, DEFAULT_BACKOFF } from './Backoff.js';
import { TokenBucket } from './TokenBucket.js';

export interface ChannelRateLimit {
  ratePerSecond: number;
  burst?: number;
}

export interface OutboxDispatcherOptions {
  outbox: PostgresOutbox;
  channels: Iterable<NotificationChannel>;
  /** Attempts per notification, the first included; after the last failure the row is dead. */
  maxAttempts?: number;
  backoff?: BackoffOptions;
  rateLimits?: Record<string, ChannelRateLimit>;
  batchSize?: number;
  /** How long a claimed row stays leased; longer than the slowest channel timeout. */
  leaseMs?: number;
  logger?: AlertingLogger;
  clock?: () => number;
  random?: () => number;
}

export interface DispatchReport {
  delivered: number;
  retried: number;
  dead: number;
  deferred: number;
}

/**
 * Delivers the outbox: claims due rows, sends each through its channel, and records the outcome —
 * delivered; retried after exponential backoff with jitter; dead after the last attempt or a
 * non-retriable failure. A channel over its rate limit gets its rows deferred without spending an
 * attempt. Log lines name the channel id, key and error category; never a URL, token or password.
 */
export class OutboxDispatcher {
  private readonly channels: Map<string, NotificationChannel>;
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly maxAttempts: number;
  private readonly backoff: BackoffOptions;
  private readonly clock: () => number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(private readonly options: OutboxDispatcherOptions) {
    this.channels = new Map([...options.channels].map((channel) => [channel.id, channel]));
    this.maxAttempts = options.maxAttempts ?? 8;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.clock = options.clock ?? Date.now;
    for (const [channel, limit] of Object.entries(options.rateLimits ?? {})) {
      this.buckets.set(channel, new TokenBucket(limit.ratePerSecond, limit.burst ?? 1));
    }
  }

  /** One pass over the rows due now. */
  async dispatchDue(): Promise<DispatchReport> {
    const report: DispatchReport = { delivered: 0, retried: 0, dead: 0, deferred: 0 };
    const now = this.clock();
    const entries = await this.options.outbox.claimDue(
      now,
      this.options.batchSize ?? 50,
      this.options.leaseMs ?? 60_000,
      [...this.channels.keys()],
    );
    for (const entry of entries) await this.deliver(entry, report);
    return report;
  }

  /** Polls every `intervalMs` until stop(); a pass never overlaps the previous one. */
  start(intervalMs: number): void {
    const loop = (): void => {
      this.running = this.dispatchDue()
        .catch((error: unknown) =>
          this.options.logger?.error({ err: (error as Error).name }, 'outbox dispatch pass failed'),
        )
        .finally(() => {
          if (this.timer !== undefined) this.timer = setTimeout(loop, intervalMs);
        });
    };
    this.timer = setTimeout(loop, 0);
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async deliver(entry: OutboxEntry, report: DispatchReport): Promise<void> {
    const { outbox, logger } = this.options;
    const fields = { channel: entry.channel, idempotencyKey: entry.idempotencyKey };
    const channel = this.channels.get(entry.channel);
    if (channel === undefined) return; // claimDue only returns configured channels
    const bucket = this.buckets.get(entry.channel);
    const permit = bucket?.take(this.clock());
    if (permit !== undefined && !permit.granted) {
      await outbox.defer(entry.id, this.clock() + permit.waitMs);
      report.deferred += 1;
      return;
    }
    const attempts = entry.attempts + 1;
    let result;
    try {
      result = await channel.send(entry.notification);
    } catch (error) {
      // A channel should return failures, not throw them; a throw is a bug, so it is not retried and
      // only its class name is kept (its message could hold anything).
      await outbox.markDead(entry.id, attempts, `${entry.channel}: bug: ${(error as Error).name}`);
      report.dead += 1;
      logger?.error({ ...fields, attempts }, 'notification dead-lettered: channel threw');
      return;
    }
    if (result.error === undefined) {
      await outbox.markDelivered(entry.id, attempts, this.clock());
      report.delivered += 1;
      logger?.info({ ...fields, attempts }, 'notification delivered');
      return;
    }
    const category = result.error.category;
    if (result.retry && attempts < this.maxAttempts) {
      const delay = backoffDelay(attempts, this.backoff, this.options.random);
      await outbox.markRetry(entry.id, attempts, this.clock() + delay, result.error.message);
      report.retried += 1;
      logger?.warn(
        { ...fields, attempts, category, retryInMs: delay },
        'notification delivery failed; will retry',
      );
      return;
    }
    await outbox.markDead(entry.id, attempts, result.error.message);
    report.dead += 1;
    logger?.error({ ...fields, attempts, category }, 'notification dead-lettered');
  }
}
