import { SketchMergeError, SketchStateError } from '../errors.js';
import { exactQuantile, normal, seededRandom } from '../__tests__/seededRandom.js';
import { LogBucketQuantileSketch } from './LogBucketQuantileSketch.js';

const QUANTILES = [0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999];

const distributions: Record<string, (random: () => number) => number> = {
  // Latency-like: long right tail over several orders of magnitude.
  lognormal: (random) => Math.exp(3 + 1.5 * normal(random)),
  // Signed values around zero, including exact zeros.
  signedNormal: (random) => (random() < 0.02 ? 0 : 50 * normal(random)),
  exponential: (random) => -Math.log(1 - random()) * 0.25,
  uniformWide: (random) => random() * 1e6 - 2e5,
};

/** Largest relative error over QUANTILES, against exact sorted quantiles. */
function worstRelativeError(sketch: LogBucketQuantileSketch, sorted: number[]): number {
  let worst = 0;
  for (const q of QUANTILES) {
    const exact = exactQuantile(sorted, q);
    const estimate = sketch.quantile(q) as number;
    const error = exact === 0 ? Math.abs(estimate) : Math.abs(estimate - exact) / Math.abs(exact);
    worst = Math.max(worst, error);
  }
  return worst;
}

describe('LogBucketQuantileSketch', () => {
  for (const [name, draw] of Object.entries(distributions)) {
    it(`keeps every quantile within its relative accuracy on ${name} data`, () => {
      const random = seededRandom(name.length * 7919);
      const values = Array.from({ length: 100_000 }, () => draw(random));
      const sorted = [...values].sort((a, b) => a - b);
      for (const relativeAccuracy of [0.01, 0.02]) {
        const sketch = LogBucketQuantileSketch.create({ relativeAccuracy });
        for (const x of values) sketch.add(x);
        const worst = worstRelativeError(sketch, sorted);
        console.log(
          `quantiles ${name} α=${relativeAccuracy}: worst relative error ${(worst * 100).toFixed(3)} %`,
        );
        // 1e-12 absorbs floating-point rounding of the bucket representative.
        expect(worst).toBeLessThanOrEqual(relativeAccuracy + 1e-12);
        expect(sketch.quantile(0)).toBe(sorted[0]);
        expect(sketch.quantile(1)).toBe(sorted[sorted.length - 1]);
        expect(sketch.count).toBe(values.length);
      }
    });
  }

  it('merges per-partition partials into exactly the sketch of everything', () => {
    const random = seededRandom(42);
    const values = Array.from(
      { length: 50_000 },
      () => Math.exp(2 + normal(random)) * (random() < 0.1 ? -1 : 1),
    );
    const whole = LogBucketQuantileSketch.create();
    const partials = Array.from({ length: 12 }, () => LogBucketQuantileSketch.create());
    values.forEach((x) => {
      whole.add(x);
      partials[Math.floor(random() * 12) % 12]?.add(x);
    });
    const merged = partials.reduce((into, p) => into.merge(p), LogBucketQuantileSketch.create());
    expect(merged.state.positive).toEqual(whole.state.positive);
    expect(merged.state.negative).toEqual(whole.state.negative);
    expect(merged.count).toBe(whole.count);
    expect(merged.min).toBe(whole.min);
    expect(merged.max).toBe(whole.max);
    expect(merged.sum).toBeCloseTo(whole.sum, 6);
    for (const q of QUANTILES) expect(merged.quantile(q)).toBe(whole.quantile(q));
    expect(values.length).toBe(merged.count);
  });

  it('survives a JSON round trip and keeps adding after it', () => {
    const sketch = LogBucketQuantileSketch.create();
    for (let i = 1; i <= 1000; i++) sketch.add(i % 3 === 0 ? -i : i);
    const restored = LogBucketQuantileSketch.fromJSON(JSON.parse(JSON.stringify(sketch)));
    expect(restored.state).toEqual(sketch.state);
    restored.add(5000);
    sketch.add(5000);
    expect(restored.quantiles([0.5, 0.99])).toEqual(sketch.quantiles([0.5, 0.99]));
    const empty = LogBucketQuantileSketch.fromJSON(
      JSON.parse(JSON.stringify(LogBucketQuantileSketch.create())),
    );
    expect(empty.quantile(0.5)).toBeUndefined();
    expect(empty.min).toBeUndefined();
  });

  it('refuses to merge sketches of different accuracy and to restore foreign state', () => {
    const a = LogBucketQuantileSketch.create({ relativeAccuracy: 0.01 });
    const b = LogBucketQuantileSketch.create({ relativeAccuracy: 0.02 });
    expect(() => a.merge(b)).toThrow(SketchMergeError);
    expect(() => LogBucketQuantileSketch.fromJSON({ kind: 'hyperloglog' })).toThrow(SketchStateError);
    expect(() => a.add(Number.NaN)).toThrow(RangeError);
  });
});
