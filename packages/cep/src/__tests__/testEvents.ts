/** A small event for matcher tests: `index` is the event's position among its key's events. */
export interface TestEvent {
  readonly key: string;
  readonly type: string;
  readonly value: number;
  readonly timestamp: number;
  readonly index: number;
}

/** mulberry32: a tiny seeded PRNG, so a failing seed replays exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Events over `types` for `keys` keys, interleaved, with non-decreasing timestamps (ties included). */
export function randomStream(
  seed: number,
  options: { keys: number; eventsPerKey: number; types: readonly string[]; maxGapMs: number },
): TestEvent[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const remaining = Array.from({ length: options.keys }, () => options.eventsPerKey);
  const produced = Array.from({ length: options.keys }, () => 0);
  const events: TestEvent[] = [];
  let timestamp = 1_000;
  while (remaining.some((count) => count > 0)) {
    const key = pick(remaining.flatMap((count, index) => (count > 0 ? [index] : [])));
    remaining[key] = (remaining[key] ?? 0) - 1;
    // Whole-100 ms gaps make equal timestamps and exact `within` boundaries common.
    timestamp += 100 * Math.floor((random() * options.maxGapMs) / 100);
    const index = produced[key] ?? 0;
    produced[key] = index + 1;
    events.push({
      key: `k${key}`,
      type: pick(options.types),
      value: 1 + Math.floor(random() * 5),
      timestamp,
      index,
    });
  }
  return events;
}

/** A key's events spelled as "a b c" (timestamps 1 s apart), for hand-checked cases. */
export function spell(text: string, key = 'k'): TestEvent[] {
  return text
    .split(/\s+/)
    .filter((word) => word !== '')
    .map((word, index) => {
      const match = /^([a-z]+)(\d*)$/.exec(word);
      const type = match?.[1] ?? word;
      const value = match?.[2] === undefined || match[2] === '' ? 1 : Number(match[2]);
      return { key, type, value, timestamp: 1_000 * (index + 1), index };
    });
}
