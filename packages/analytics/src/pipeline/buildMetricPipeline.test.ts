import { StreamJob, eventTime } from '@streamforge/stream';
import type { StreamEvent } from '@streamforge/stream';
import { AnalyticsConfigError } from '../errors.js';
import { exactQuantile, seededRandom, zipfSampler } from '../__tests__/seededRandom.js';
import type { TopKEntry } from '../sketches/TopK.js';
import { buildMetricPipeline } from './buildMetricPipeline.js';
import type { MetricAggregate } from './buildMetricPipeline.js';
import { parsePipelineConfig } from './PipelineConfig.js';

const MINUTE = 60_000;
const START = Date.UTC(2025, 0, 1);
const COUNTRIES = ['DE', 'FR', 'US', 'BR'];

/** Purchases and views over 10 minutes, arriving up to 3 s out of order (inside the 5 s bound). */
function syntheticEvents(count: number, seed: number): StreamEvent[] {
  const random = seededRandom(seed);
  const product = zipfSampler(500, 1.2, random);
  const user = zipfSampler(20_000, 0.6, random);
  return Array.from({ length: count }, (_, i) => {
    const timestamp = START + Math.floor((i / count) * 10 * MINUTE) + Math.floor(random() * 3_000);
    const purchase = random() < 0.4;
    return {
      eventId: `e${i}`,
      eventType: purchase ? 'purchase' : 'view',
      userId: `u${user()}`,
      timestamp,
      source: random() < 0.5 ? 'web' : 'app',
      properties: {
        country: COUNTRIES[Math.floor(random() * COUNTRIES.length)],
        productId: `p${product()}`,
        // Amounts spread over two orders of magnitude; a few views carry no amount at all.
        ...(purchase || random() < 0.5 ? { amount: Math.round(Math.exp(3 + random() * 4) * 100) / 100 } : {}),
      },
      receivedAt: timestamp,
    };
  });
}

const config = {
  metrics: [
    {
      name: 'purchases',
      filter: { field: 'eventType', op: 'eq', value: 'purchase' },
      value: 'properties.amount',
      dimensions: ['properties.country'],
      window: { type: 'tumbling', sizeMs: MINUTE },
      aggregations: [
        { type: 'count' },
        { type: 'sum' },
        { type: 'avg' },
        { type: 'min' },
        { type: 'max' },
        { type: 'distinctCount', name: 'buyers', field: 'userId' },
        { type: 'topK', name: 'topProducts', field: 'properties.productId', k: 5, capacity: 100 },
        { type: 'percentiles', name: 'amount', quantiles: [0.5, 0.95, 0.99] },
      ],
    },
    {
      name: 'events',
      dimensions: ['eventType', 'source'],
      window: { type: 'sliding', sizeMs: 2 * MINUTE, slideMs: MINUTE },
      aggregations: [{ type: 'count' }, { type: 'distinctCount', name: 'users', field: 'userId' }],
    },
  ],
};

/** The brute-force answer: every window's values grouped by series, computed from the raw list. */
function groupByWindow(
  events: readonly StreamEvent[],
  keep: (e: StreamEvent) => boolean,
  seriesOf: (e: StreamEvent) => string,
  windowsOf: (t: number) => number[],
): Map<string, StreamEvent[]> {
  const groups = new Map<string, StreamEvent[]>();
  for (const event of events.filter(keep)) {
    for (const start of windowsOf(event.timestamp)) {
      const key = `${seriesOf(event)}@${start}`;
      groups.set(key, [...(groups.get(key) ?? []), event]);
    }
  }
  return groups;
}

describe('buildMetricPipeline through StreamJob', () => {
  it('computes a config-built job equal to a brute-force computation (sketches within their bounds)', async () => {
    const events = syntheticEvents(30_000, 2024);
    const job = new StreamJob();
    const source = job.fromArray(events, {
      partitions: 3,
      partitionOf: (e) => Number(e.userId.slice(1)) % 3,
      time: eventTime((e: StreamEvent) => e.timestamp, { maxOutOfOrdernessMs: 5_000 }),
    });
    const results: MetricAggregate[] = [];
    buildMetricPipeline(source, config).subscribe((result) => results.push(result));
    const stats = await job.run({ clock: () => 0 });
    expect(stats.lateRecords).toBe(0);
    expect(results.every((r) => r.kind === 'on-time')).toBe(true);

    // purchases per minute and country
    const purchases = groupByWindow(
      events,
      (e) => e.eventType === 'purchase' && typeof e.properties.amount === 'number',
      (e) => String(e.properties.country),
      (t) => [t - (t % MINUTE)],
    );
    const purchaseResults = results.filter((r) => r.metric === 'purchases');
    expect(purchaseResults).toHaveLength(purchases.size);
    let worstDistinct = 0;
    let worstQuantile = 0;
    for (const result of purchaseResults) {
      const group = purchases.get(`${result.dimensions['properties.country']}@${result.window.start}`);
      expect(group).toBeDefined();
      const amounts = (group ?? []).map((e) => e.properties.amount as number);
      const v = result.values;
      expect(v.count).toBe(amounts.length);
      expect(v.sum).toBeCloseTo(
        amounts.reduce((a, b) => a + b, 0),
        6,
      );
      expect(v.avg).toBeCloseTo(amounts.reduce((a, b) => a + b, 0) / amounts.length, 9);
      expect(v.min).toBe(Math.min(...amounts));
      expect(v.max).toBe(Math.max(...amounts));

      const buyers = new Set((group ?? []).map((e) => e.userId)).size;
      worstDistinct = Math.max(worstDistinct, Math.abs((v.buyers as number) - buyers) / buyers);

      const sorted = [...amounts].sort((a, b) => a - b);
      const percentiles = v.amount as Record<string, number>;
      for (const [name, q] of [
        ['p50', 0.5],
        ['p95', 0.95],
        ['p99', 0.99],
      ] as const) {
        const exact = exactQuantile(sorted, q);
        worstQuantile = Math.max(worstQuantile, Math.abs((percentiles[name] as number) - exact) / exact);
      }

      const productCounts = new Map<string, number>();
      for (const e of group ?? []) {
        const id = e.properties.productId as string;
        productCounts.set(id, (productCounts.get(id) ?? 0) + 1);
      }
      for (const entry of v.topProducts as TopKEntry[]) {
        const exact = productCounts.get(entry.item) ?? 0;
        expect(entry.count).toBeGreaterThanOrEqual(exact);
        expect(entry.count - entry.error).toBeLessThanOrEqual(exact);
      }
      // The most sold product is found whenever it is unambiguous.
      const [best, second] = [...productCounts.values()].sort((a, b) => b - a);
      if (best !== undefined && best > (second ?? 0)) {
        expect((v.topProducts as TopKEntry[])[0]?.count).toBeGreaterThanOrEqual(best);
      }
    }
    console.log(
      `pipeline: ${purchaseResults.length} purchase windows; distinct-count worst error ${(worstDistinct * 100).toFixed(2)} %, ` +
        `P50/P95/P99 worst relative error ${(worstQuantile * 100).toFixed(3)} %`,
    );
    expect(worstDistinct).toBeLessThanOrEqual(0.02);
    expect(worstQuantile).toBeLessThanOrEqual(0.01 + 1e-12);

    // events per sliding 2-minute window, by eventType and source
    const sliding = groupByWindow(
      events,
      () => true,
      (e) => `${e.eventType}|${e.source}`,
      (t) => {
        const last = t - (t % MINUTE);
        return [last, last - MINUTE];
      },
    );
    const eventResults = results.filter((r) => r.metric === 'events');
    expect(eventResults).toHaveLength(sliding.size);
    for (const result of eventResults) {
      const { eventType, source } = result.dimensions;
      const group = sliding.get(`${eventType}|${source}@${result.window.start}`) ?? [];
      expect(result.window.end - result.window.start).toBe(2 * MINUTE);
      expect(result.values.count).toBe(group.length);
      const users = new Set(group.map((e) => e.userId)).size;
      expect(Math.abs((result.values.users as number) - users) / users).toBeLessThanOrEqual(0.02);
    }
  });

  it('keeps window accumulators intact through a JSON round trip (the checkpoint form)', async () => {
    // Run the same job as tasks, restoring a fresh task from the JSON of the state after each batch.
    const events = syntheticEvents(3_000, 7);
    const build = () => {
      const job = new StreamJob();
      const source = job.fromArray<StreamEvent>([], {
        name: 'events',
        time: eventTime((e: StreamEvent) => e.timestamp, { maxOutOfOrdernessMs: 5_000 }),
      });
      buildMetricPipeline(source, config).subscribe(() => undefined, { name: 'out' });
      return job;
    };
    const reference = build().createTask({ now: 0 });
    let restored = build().createTask({ now: 0 });
    const collect = (outputs: ReadonlyArray<{ values: readonly unknown[] }>) =>
      outputs.flatMap((o) => o.values);
    const expected: unknown[] = [];
    const actual: unknown[] = [];
    const mutations: unknown[] = [];
    for (let i = 0; i < events.length; i += 500) {
      const records = events.slice(i, i + 500).map((value) => ({ value, timestamp: 0 }));
      expected.push(...collect(reference.process('events', 0, records, 0).outputs));
      const batch = restored.process('events', 0, records, 0);
      actual.push(...collect(batch.outputs));
      mutations.push(...batch.mutations);
      restored = build().createTask({ now: 0 });
      restored.restore(JSON.parse(JSON.stringify(mutations)) as Parameters<typeof restored.restore>[0]);
    }
    expected.push(...collect(reference.finish(0).outputs));
    actual.push(...collect(restored.finish(0).outputs));
    expect(actual.length).toBeGreaterThan(0);
    expect(actual).toEqual(expected);
  });
});

describe('parsePipelineConfig', () => {
  const base = config.metrics[0] as Record<string, unknown>;
  const errorOf = (input: unknown): AnalyticsConfigError => {
    try {
      parsePipelineConfig(input);
    } catch (error) {
      if (error instanceof AnalyticsConfigError) return error;
      throw error;
    }
    throw new Error('expected the config to be rejected');
  };

  it('names the bad field', () => {
    expect(errorOf({ metrics: [{ ...base, window: { type: 'tumbling', sizeMs: -1 } }] }).field).toBe(
      'metrics[0].window.sizeMs',
    );
    expect(errorOf({ metrics: [{ ...base, aggregations: [{ type: 'median' }] }] }).field).toBe(
      'metrics[0].aggregations[0].type',
    );
    expect(errorOf({ metrics: [{ ...base, value: undefined }] }).field).toBe('metrics[0].value');
    expect(
      errorOf({ metrics: [{ ...base, aggregations: [{ type: 'count' }, { type: 'count' }] }] }).field,
    ).toBe('metrics[0].aggregations[1].name');
    expect(errorOf({ metrics: [base, base] }).field).toBe('metrics[1].name');
    expect(
      errorOf({ metrics: [{ ...base, filter: { field: 'properties.amount', op: 'gt', value: 'big' } }] })
        .field,
    ).toMatch(/^metrics\[0\]\.filter/);
    expect(
      errorOf({ metrics: [{ ...base, aggregations: [{ type: 'topK', field: 'x', k: 0 }] }] }).field,
    ).toBe('metrics[0].aggregations[0].k');
  });

  it('accepts the example and fills defaults', () => {
    const parsed = parsePipelineConfig(config);
    expect(parsed.metrics[1]?.allowedLatenessMs).toBe(0);
    expect(
      parsePipelineConfig({
        metrics: [
          { name: 'm', window: { type: 'tumbling', sizeMs: 1000 }, aggregations: [{ type: 'count' }] },
        ],
      }).metrics[0]?.dimensions,
    ).toEqual([]);
  });
});
