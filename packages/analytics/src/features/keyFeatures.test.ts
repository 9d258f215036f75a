import { seededRandom } from '../__tests__/seededRandom.js';
import { keyFeaturesAggregate } from './keyFeatures.js';

interface Txn {
  type: string;
  amount?: number;
  at: number;
}

describe('keyFeaturesAggregate', () => {
  const aggregate = keyFeaturesAggregate<Txn>({
    categoryOf: (t) => t.type,
    amountOf: (t) => t.amount,
    timestampOf: (t) => t.at,
  });
  const random = seededRandom(8);
  const types = ['login', 'purchase', 'refund', '__proto__'];
  const values: Txn[] = Array.from({ length: 2_000 }, (_, i) => ({
    type: types[Math.floor(random() * types.length)] as string,
    ...(random() < 0.7 ? { amount: Math.round(random() * 10_000) / 100 } : {}),
    at: 1_000_000 + i * 1_500,
  }));

  it('matches a batch computation, and merged partials match the whole', () => {
    const whole = aggregate.getResult(values.reduce(aggregate.add, aggregate.createAccumulator()));
    const expectedCounts = new Map<string, number>();
    for (const v of values) expectedCounts.set(v.type, (expectedCounts.get(v.type) ?? 0) + 1);
    expect(whole.count).toBe(values.length);
    expect(whole.amount).toBeCloseTo(
      values.reduce((s, v) => s + (v.amount ?? 0), 0),
      6,
    );
    expect(Object.entries(whole.byCategory).sort()).toEqual([...expectedCounts].sort());
    expect(Object.getOwnPropertyDescriptor(whole.ratios, '__proto__')?.value).toBeCloseTo(
      (expectedCounts.get('__proto__') ?? 0) / values.length,
      12,
    );
    expect(whole.perMinute).toBeCloseTo((values.length / (1_999 * 1_500)) * 60_000, 9);

    const half = values.length / 2;
    const left = values.slice(0, half).reduce(aggregate.add, aggregate.createAccumulator());
    const right = JSON.parse(
      JSON.stringify(values.slice(half).reduce(aggregate.add, aggregate.createAccumulator())),
    ) as typeof left;
    const merged = aggregate.getResult(aggregate.merge(left, right));
    expect(merged.count).toBe(whole.count);
    expect(merged.byCategory).toEqual(whole.byCategory);
    expect(merged.firstSeen).toBe(whole.firstSeen);
    expect(merged.lastSeen).toBe(whole.lastSeen);
    expect(merged.amount).toBeCloseTo(whole.amount, 6);
  });
});
