import type { StreamEvent } from '@streamforge/stream';

const CITIES = [
  { location: 'London', lat: 51.5, lon: -0.12 },
  { location: 'Paris', lat: 48.86, lon: 2.35 },
  { location: 'Berlin', lat: 52.52, lon: 13.4 },
  { location: 'New York', lat: 40.71, lon: -74.0 },
  { location: 'Tokyo', lat: 35.68, lon: 139.69 },
  { location: 'Sydney', lat: -33.87, lon: 151.21 },
  { location: 'Madrid', lat: 40.42, lon: -3.7 },
  { location: 'Rome', lat: 41.9, lon: 12.5 },
];

/** mulberry32: seeded, so a failing run replays exactly. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface CepEventOptions {
  seed: number;
  events: number;
  users: number;
  startTime: number;
  /** Mean event-time gap between consecutive events (of all users). */
  meanGapMs: number;
  /** Share of events that arrive this many positions later than their event time says (late ones). */
  lateShare: number;
  latePositions: number;
  namespace: string;
}

/**
 * Events that make the built-in detectors fire and leave partial matches open: few users with many
 * transactions (small, large and tiny amounts), logins that fail or succeed from new devices in cities
 * far apart, password changes and page views, in event-time order except for a `lateShare` that is
 * delivered late.
 */
export function cepEvents(options: CepEventOptions): StreamEvent[] {
  const random = seeded(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  let clock = options.startTime;
  const events: StreamEvent[] = [];
  for (let index = 0; index < options.events; index++) {
    clock += Math.floor(random() * 2 * options.meanGapMs);
    const userId = `${options.namespace}user-${Math.floor(random() * options.users)}`;
    const roll = random();
    let eventType: string;
    let properties: Record<string, unknown>;
    if (roll < 0.35) {
      eventType = 'transaction';
      const size = random();
      const amount =
        size < 0.06
          ? 1_000 + Math.floor(random() * 9_000)
          : size < 0.2
            ? 1 + Math.floor(random() * 10)
            : 11 + Math.floor(random() * 900);
      properties = { amount, currency: 'EUR' };
    } else if (roll < 0.65) {
      eventType = 'login';
      const city = pick(CITIES);
      properties = { success: random() < 0.6, newDevice: random() < 0.15, ...city };
    } else if (roll < 0.7) {
      eventType = 'password_change';
      properties = {};
    } else {
      eventType = 'page_view';
      properties = { page: pick(['/', '/cart', '/account']) };
    }
    events.push({
      eventId: `${options.namespace}e${index}`,
      eventType,
      userId,
      timestamp: clock,
      properties,
      receivedAt: clock,
    });
  }
  const arrival = events.map((event, position) => ({
    event,
    at: position + (random() < options.lateShare ? options.latePositions + 0.5 : 0),
  }));
  return arrival.sort((left, right) => left.at - right.at).map(({ event }) => event);
}

/** Java-compatible enough for a test: a stable partition per user, so each user's events stay in order. */
export function partitionOfUser(userId: string, partitions: number): number {
  let hash = 0;
  for (const char of userId) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return Math.abs(hash) % partitions;
}
