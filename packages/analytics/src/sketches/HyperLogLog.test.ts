import { SketchMergeError } from '../errors.js';
import { seededRandom } from '../__tests__/seededRandom.js';
import { HyperLogLog } from './HyperLogLog.js';

/** Distinct ids drawn from a seeded stream with repeats, so duplicates are exercised too. */
function ids(cardinality: number, seed: number): string[] {
  const random = seededRandom(seed);
  const prefix = Math.floor(random() * 1e9).toString(36);
  const distinct = Array.from({ length: cardinality }, (_, i) => `${prefix}-user-${i}`);
  const withRepeats = [...distinct];
  for (let i = 0; i < cardinality / 2; i++)
    withRepeats.push(distinct[Math.floor(random() * cardinality)] as string);
  return withRepeats;
}

describe('HyperLogLog', () => {
  const cardinalities = [10, 100, 1_000, 5_000, 20_000, 100_000, 400_000];

  it('estimates within 2 % at the default precision over several cardinalities', () => {
    const errors: string[] = [];
    for (const [i, n] of cardinalities.entries()) {
      const hll = HyperLogLog.create();
      for (const id of ids(n, 1000 + i)) hll.add(id);
      const error = (hll.estimate() - n) / n;
      errors.push(`${n}: ${(error * 100).toFixed(3)} %`);
      expect(Math.abs(error)).toBeLessThanOrEqual(0.02);
    }
    console.log(`HyperLogLog p=14 relative errors: ${errors.join(', ')}`);
  });

  it('keeps its error near the 1.04/√m standard error over many seeds', () => {
    // 40 independent sketches of 50,000 distinct ids: the RMS relative error should be ≈ 0.81 %.
    let squares = 0;
    const runs = 40;
    for (let seed = 0; seed < runs; seed++) {
      const hll = HyperLogLog.create();
      const random = seededRandom(seed);
      const prefix = Math.floor(random() * 1e9).toString(36);
      for (let i = 0; i < 50_000; i++) hll.add(`${prefix}:${i}`);
      squares += ((hll.estimate() - 50_000) / 50_000) ** 2;
    }
    const rms = Math.sqrt(squares / runs);
    console.log(
      `HyperLogLog p=14 RMS relative error over ${runs} seeds at n=50,000: ${(rms * 100).toFixed(3)} %`,
    );
    expect(rms).toBeLessThan(0.0125);
  });

  it('merges per-partition sketches into exactly the sketch of the union', () => {
    const all = ids(60_000, 7);
    const whole = HyperLogLog.create();
    const partials = Array.from({ length: 12 }, () => HyperLogLog.create());
    all.forEach((id, i) => {
      whole.add(id);
      partials[i % 12]?.add(id);
    });
    const merged = partials.reduce((into, p) => into.merge(p), HyperLogLog.create());
    expect(merged.state.dense).toEqual(whole.state.dense);
    expect(merged.estimate()).toBe(whole.estimate());
    // Sparse partials (≤ 2,048 registers each) fold into exactly the dense registers of the whole.
    const sparseWhole = HyperLogLog.create();
    const sparseParts = Array.from({ length: 12 }, () => HyperLogLog.create());
    for (let i = 0; i < 18_000; i++) {
      sparseWhole.add(`s${i}`);
      sparseParts[i % 12]?.add(`s${i}`);
    }
    expect(sparseParts.every((p) => p.state.dense === null)).toBe(true);
    const folded = sparseParts.reduce((into, p) => into.merge(p), HyperLogLog.create());
    expect(folded.state.dense).not.toBeNull();
    expect(folded.state.dense).toEqual(sparseWhole.state.dense);
    // Sparse partials merge too, and an overlap is not counted twice.
    const a = HyperLogLog.create();
    const b = HyperLogLog.create();
    for (let i = 0; i < 300; i++) a.add(`x${i}`);
    for (let i = 200; i < 500; i++) b.add(`x${i}`);
    expect(Math.round(a.merge(b).estimate())).toBe(500);
  });

  it('survives a JSON round trip in its sparse and dense forms', () => {
    for (const n of [50, 20_000]) {
      const hll = HyperLogLog.create();
      for (let i = 0; i < n; i++) hll.add(`item-${i}`);
      expect(hll.state.dense === null).toBe(n === 50);
      const restored = HyperLogLog.fromJSON(JSON.parse(JSON.stringify(hll)));
      expect(restored.estimate()).toBe(hll.estimate());
      restored.add('one-more');
      hll.add('one-more');
      expect(restored.state).toEqual(hll.state);
    }
  });

  it('refuses to merge sketches of different precision', () => {
    expect(() => HyperLogLog.create({ precision: 12 }).merge(HyperLogLog.create())).toThrow(SketchMergeError);
  });
});
