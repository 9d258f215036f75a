import { normal, seededRandom } from '../__tests__/seededRandom.js';
import { avgAggregate, countAggregate, maxAggregate, minAggregate, sumAggregate } from './basicAggregates.js';
import { combineAggregates } from './combineAggregates.js';
import { exponentialMovingAverageAggregate, simpleMovingAverageAggregate } from './movingAverages.js';
import { distinctCountAggregate, percentilesAggregate, topKAggregate } from './sketchAggregates.js';

interface Reading {
  sensor: string;
  value?: number;
}

const random = seededRandom(31);
const readings: Reading[] = Array.from({ length: 5_000 }, (_, i) => ({
  sensor: `s${Math.floor(random() * 40)}`,
  ...(i % 17 === 0 ? {} : { value: Math.round(100 * (20 + 5 * normal(random))) / 100 }),
}));
const numbers = readings.flatMap((r) => (r.value === undefined ? [] : [r.value]));
const valueOf = (r: Reading) => r.value;

const all = combineAggregates({
  count: countAggregate<Reading>(),
  sum: sumAggregate(valueOf),
  avg: avgAggregate(valueOf),
  min: minAggregate(valueOf),
  max: maxAggregate(valueOf),
  sensors: distinctCountAggregate((r: Reading) => r.sensor),
  top: topKAggregate((r: Reading) => r.sensor, 3, { capacity: 100 }),
  pct: percentilesAggregate(valueOf, [0.5, 0.99]),
});

describe('aggregates', () => {
  it('equal a batch computation, skipping values without a number', () => {
    const result = all.getResult(readings.reduce(all.add, all.createAccumulator()));
    expect(result.count).toBe(readings.length);
    expect(result.sum).toBe(numbers.reduce((a, b) => a + b, 0));
    expect(result.avg).toBe(numbers.reduce((a, b) => a + b, 0) / numbers.length);
    expect(result.min).toBe(Math.min(...numbers));
    expect(result.max).toBe(Math.max(...numbers));
    expect(result.sensors).toBe(new Set(readings.map((r) => r.sensor)).size);
    const counts = new Map<string, number>();
    for (const r of readings) counts.set(r.sensor, (counts.get(r.sensor) ?? 0) + 1);
    // Capacity 100 > 40 sensors: nothing is evicted, so the top 3 are exact.
    expect(result.top).toEqual(
      [...counts]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, 3)
        .map(([item, count]) => ({ item, count, error: 0 })),
    );
    const sorted = [...numbers].sort((a, b) => a - b);
    expect(
      Math.abs((result.pct.p50 as number) - (sorted[Math.floor(0.5 * (sorted.length - 1))] as number)),
    ).toBeLessThanOrEqual(0.01 * Math.abs(sorted[Math.floor(0.5 * (sorted.length - 1))] as number));
  });

  it('merge per-partition partials (after a JSON round trip) into the result over everything', () => {
    const merge = all.merge;
    expect(merge).toBeDefined();
    if (!merge) return;
    const partials = [0, 1, 2, 3].map((p) => {
      const acc = readings.filter((_, i) => i % 4 === p).reduce(all.add, all.createAccumulator());
      return JSON.parse(JSON.stringify(acc)) as ReturnType<typeof all.createAccumulator>;
    });
    const merged = all.getResult(partials.reduce((a, b) => merge(a, b)));
    const whole = all.getResult(readings.reduce(all.add, all.createAccumulator()));
    expect(merged.count).toBe(whole.count);
    expect(merged.sum).toBeCloseTo(whole.sum, 6);
    expect(merged.avg).toBeCloseTo(whole.avg as number, 9);
    expect(merged.min).toBe(whole.min);
    expect(merged.max).toBe(whole.max);
    expect(merged.sensors).toBe(whole.sensors);
    expect(merged.top).toEqual(whole.top);
    expect(merged.pct).toEqual(whole.pct);
    // merge does not change its inputs: a window operator may still hold them.
    expect(all.getResult(partials[0] as ReturnType<typeof all.createAccumulator>).count).toBe(
      readings.filter((_, i) => i % 4 === 0).length,
    );
  });

  it('empty windows give null rather than NaN or Infinity', () => {
    const empty = all.getResult(all.createAccumulator());
    expect(empty).toMatchObject({ count: 0, sum: 0, avg: null, min: null, max: null, sensors: 0, top: [] });
    expect(empty.pct).toEqual({ p50: null, p99: null });
  });

  it('moving averages equal their definitions', () => {
    const sma = simpleMovingAverageAggregate(10, valueOf);
    const ema = exponentialMovingAverageAggregate(0.3, valueOf);
    let smaAcc = sma.createAccumulator();
    let emaAcc = ema.createAccumulator();
    let expectedEma: number | null = null;
    const seen: number[] = [];
    for (const r of readings.slice(0, 300)) {
      smaAcc = JSON.parse(JSON.stringify(sma.add(smaAcc, r))) as typeof smaAcc;
      emaAcc = ema.add(emaAcc, r);
      if (r.value === undefined) continue;
      seen.push(r.value);
      expectedEma = expectedEma === null ? r.value : 0.3 * r.value + 0.7 * expectedEma;
      const last = seen.slice(-10);
      expect(sma.getResult(smaAcc)).toBeCloseTo(last.reduce((a, b) => a + b, 0) / last.length, 10);
      expect(ema.getResult(emaAcc)).toBeCloseTo(expectedEma, 10);
    }
  });
});
