import { randomInt, seededRandom } from './seededRandom.js';

export interface OracleEvent {
  id: number;
  key: string;
  partition: number;
  t: number;
  amount: number;
}

export interface OutOfOrderOptions {
  seed: number;
  events: number;
  keys: number;
  partitions: number;
  /** Event time advances about this much per event. */
  stepMs: number;
  /** Most events arrive up to this late: within the watermark bound. */
  boundMs: number;
  /** This share of events arrives much later: some within the allowed lateness, some beyond. */
  delayedShare: number;
  maxDelayMs: number;
  /**
   * This share of timestamps is put on a grid of `gridMs`, so that values meet window bounds, session
   * gaps and watermarks exactly; 1% more lies just before a grid point.
   */
  gridShare: number;
  gridMs: number;
}

/**
 * Events in arrival order: each is generated at an event time, then arrives after a delay (within
 * the bound for most, much longer for a few); arrival order is by event time + delay.
 */
export function outOfOrderEvents(options: OutOfOrderOptions): OracleEvent[] {
  const random = seededRandom(options.seed);
  const generated = Array.from({ length: options.events }, (_, id) => {
    const keyIndex = randomInt(random, 0, options.keys - 1);
    let t = id * options.stepMs + randomInt(random, 0, options.stepMs - 1);
    const roll = random();
    if (roll < options.gridShare) t = Math.ceil(t / options.gridMs) * options.gridMs;
    else if (roll < options.gridShare + 0.01) t = Math.ceil(t / options.gridMs) * options.gridMs - 1;
    const delay =
      random() < options.delayedShare
        ? randomInt(random, options.boundMs, options.maxDelayMs)
        : randomInt(random, 0, options.boundMs);
    const event: OracleEvent = {
      id,
      key: `user-${keyIndex}`,
      partition: keyIndex % options.partitions,
      t,
      amount: randomInt(random, 1, 100),
    };
    return { event, arrival: t + delay };
  });
  return generated.sort((a, b) => a.arrival - b.arrival || a.event.id - b.event.id).map(({ event }) => event);
}
