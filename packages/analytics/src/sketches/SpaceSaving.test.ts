import { SketchMergeError } from '../errors.js';
import { seededRandom, zipfSampler } from '../__tests__/seededRandom.js';
import { SpaceSaving } from './SpaceSaving.js';

function zipfStream(length: number, seed: number): string[] {
  const random = seededRandom(seed);
  const sample = zipfSampler(50_000, 1.1, random);
  return Array.from({ length }, () => `product-${sample()}`);
}

function exactCounts(items: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

function exactTop(counts: Map<string, number>, k: number): string[] {
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, k)
    .map(([item]) => item);
}

describe('SpaceSaving Top-K', () => {
  const k = 20;
  const capacity = 200;

  it('finds the exact top-k of Zipf data, each count within its error bound', () => {
    const items = zipfStream(100_000, 11);
    const counts = exactCounts(items);
    const summary = SpaceSaving.create({ capacity });
    for (const item of items) summary.add(item);
    const top = summary.top(k);
    const recall = top.filter((e) => exactTop(counts, k).includes(e.item)).length / k;
    const worstOver = Math.max(
      ...top.map((e) => (e.count - (counts.get(e.item) ?? 0)) / (counts.get(e.item) ?? 1)),
    );
    console.log(
      `Top-${k} of 100,000 Zipf(1.1) events, capacity ${capacity}: recall ${recall}, worst over-count ${(worstOver * 100).toFixed(3)} %`,
    );
    expect(recall).toBe(1);
    for (const entry of top) {
      const exact = counts.get(entry.item) ?? 0;
      expect(entry.count).toBeGreaterThanOrEqual(exact);
      expect(entry.count - entry.error).toBeLessThanOrEqual(exact);
      expect(entry.error).toBeLessThanOrEqual(items.length / capacity);
    }
    expect(summary.total).toBe(items.length);
  });

  it('merges per-partition partials keeping recall and the error bounds', () => {
    const items = zipfStream(60_000, 23);
    const counts = exactCounts(items);
    const partials = Array.from({ length: 6 }, () => SpaceSaving.create({ capacity }));
    items.forEach((item, i) => partials[i % 6]?.add(item));
    const merged = partials.reduce((into, p) => into.merge(p), SpaceSaving.create({ capacity }));
    const top = merged.top(k);
    expect(top.map((e) => e.item).sort()).toEqual(exactTop(counts, k).sort());
    for (const entry of top) {
      const exact = counts.get(entry.item) ?? 0;
      expect(entry.count).toBeGreaterThanOrEqual(exact);
      expect(entry.count - entry.error).toBeLessThanOrEqual(exact);
    }
    expect(merged.total).toBe(items.length);
  });

  it('is exact while it never evicts, and handles prototype-like item names', () => {
    const summary = SpaceSaving.create({ capacity: 10 });
    for (const item of ['__proto__', 'toString', '__proto__', 'a', 'constructor', '__proto__'])
      summary.add(item);
    expect(summary.top(2)).toEqual([
      { item: '__proto__', count: 3, error: 0 },
      { item: 'a', count: 1, error: 0 },
    ]);
    const restored = SpaceSaving.fromJSON(JSON.parse(JSON.stringify(summary)));
    expect(restored.top(10)).toEqual(summary.top(10));
    expect(Object.getPrototypeOf(restored.state.counters)).toBe(Object.prototype);
  });

  it('refuses to merge summaries of different capacity', () => {
    expect(() => SpaceSaving.create({ capacity: 10 }).merge(SpaceSaving.create({ capacity: 20 }))).toThrow(
      SketchMergeError,
    );
  });
});
