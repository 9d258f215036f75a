import type { RandomGenerator } from 'pure-rand';
import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';

/** An event as a client posts it to the ingestion API. */
export interface GeneratedEvent {
  eventId: string;
  eventType: string;
  userId: string;
  timestamp: string;
  source: string;
  properties: Record<string, unknown>;
}

export interface EventGeneratorOptions {
  seed: number;
  /** Distinct users; their ids are `${userPrefix}${n}`. */
  users: number;
  userPrefix?: string;
  /** Prefix of event ids, to keep one run's events apart from another's. */
  namespace?: string;
  /** Event time of the first event, epoch ms. */
  startTime: number;
  /** Mean event-time gap between consecutive events, ms. */
  meanGapMs?: number;
  /** Share of transactions whose amount is above 1000 (the high-value rule). */
  highValueShare?: number;
}

const EVENT_MIX = [
  { type: 'page_view', weight: 55 },
  { type: 'api_call', weight: 20 },
  { type: 'login', weight: 10 },
  { type: 'transaction', weight: 15 },
] as const;
const PAGES = ['/', '/products', '/products/42', '/cart', '/checkout', '/account'];
const COUNTRIES = ['GB', 'DE', 'FR', 'US', 'NL', 'ES'];
const ENDPOINTS = ['GET /v1/orders', 'POST /v1/orders', 'GET /v1/users/me', 'GET /v1/catalog'];

/**
 * A seeded stream of realistic events (page views, API calls, logins, transactions). The same seed
 * gives the same events, so a failing run can be replayed exactly and an oracle can recompute it.
 */
export class EventGenerator {
  private rng: RandomGenerator;
  private sequence = 0;
  private clock: number;
  private readonly options: Required<EventGeneratorOptions>;

  constructor(options: EventGeneratorOptions) {
    this.options = { userPrefix: 'user-', namespace: '', meanGapMs: 250, highValueShare: 0.1, ...options };
    this.rng = xoroshiro128plus(options.seed);
    this.clock = options.startTime;
  }

  next(): GeneratedEvent {
    const { namespace, users, userPrefix, meanGapMs, highValueShare } = this.options;
    this.clock += this.int(0, meanGapMs * 2);
    const type = this.pickWeighted();
    const userId = `${userPrefix}${this.int(1, users)}`;
    const eventId = `${namespace}evt-${++this.sequence}`;
    return {
      eventId,
      eventType: type,
      userId,
      timestamp: new Date(this.clock).toISOString(),
      source: type === 'api_call' ? 'gateway' : 'web',
      properties: this.properties(type, highValueShare),
    };
  }

  take(count: number): GeneratedEvent[] {
    return Array.from({ length: count }, () => this.next());
  }

  private properties(
    type: (typeof EVENT_MIX)[number]['type'],
    highValueShare: number,
  ): Record<string, unknown> {
    switch (type) {
      case 'page_view':
        return { page: this.pick(PAGES), durationMs: this.int(200, 30_000) };
      case 'api_call':
        return {
          endpoint: this.pick(ENDPOINTS),
          status: this.int(0, 99) < 3 ? 500 : 200,
          latencyMs: this.int(2, 900),
        };
      case 'login':
        return { country: this.pick(COUNTRIES), success: this.int(0, 99) >= 8 };
      case 'transaction': {
        const highValue = this.int(0, 9_999) < highValueShare * 10_000;
        const cents = highValue ? this.int(100_001, 2_500_000) : this.int(100, 100_000);
        return { amount: cents / 100, currency: 'EUR', merchant: `merchant-${this.int(1, 40)}` };
      }
    }
  }

  private pickWeighted(): (typeof EVENT_MIX)[number]['type'] {
    const total = EVENT_MIX.reduce((sum, entry) => sum + entry.weight, 0);
    let roll = this.int(1, total);
    for (const entry of EVENT_MIX) {
      roll -= entry.weight;
      if (roll <= 0) return entry.type;
    }
    return 'page_view';
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)] as T;
  }

  private int(min: number, max: number): number {
    return unsafeUniformIntDistribution(min, max, this.rng);
  }
}
