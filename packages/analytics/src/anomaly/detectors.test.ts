import { StreamJob, eventTime } from '@streamforge/stream';
import { normal, seededRandom } from '../__tests__/seededRandom.js';
import type { AnomalyEvent, SeriesDetector, SeriesPoint } from './AnomalyEvent.js';
import { detectAnomalies } from './detectAnomalies.js';
import { ewmaDetector } from './EwmaDetector.js';
import { madDetector } from './MadDetector.js';
import { seasonalBaselineDetector } from './SeasonalBaselineDetector.js';
import { spikeDetector } from './SpikeDetector.js';
import { zScoreDetector } from './ZScoreDetector.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;

interface Series {
  points: SeriesPoint[];
  anomalies: Set<number>;
}

/** Per-minute values: slow daily wave + N(0, 1) noise, with ±`size` σ spikes at seeded positions ≥ 40 apart. */
function minuteSeries(length: number, seed: number, spikes: number, size: number): Series {
  const random = seededRandom(seed);
  const anomalies = new Set<number>();
  while (anomalies.size < spikes) {
    const at = 100 + Math.floor(random() * (length - 100));
    if ([...anomalies].every((other) => Math.abs(other - at) >= 40)) anomalies.add(at);
  }
  const points = Array.from({ length }, (_, i) => {
    const wave = 100 + 5 * Math.sin((2 * Math.PI * i) / 1440);
    const spike = anomalies.has(i) ? (random() < 0.5 ? -size : size) : 0;
    return { timestamp: i * MINUTE, value: wave + normal(random) + spike };
  });
  return { points, anomalies };
}

function run<S>(detector: SeriesDetector<S>, points: readonly SeriesPoint[]): number[] {
  const state = detector.createState();
  const flagged: number[] = [];
  points.forEach((point, i) => {
    if (detector.observe(state, point)) flagged.push(i);
  });
  return flagged;
}

function score(flagged: readonly number[], anomalies: Set<number>): { precision: number; recall: number } {
  const hits = flagged.filter((i) => anomalies.has(i)).length;
  return { precision: flagged.length === 0 ? 1 : hits / flagged.length, recall: hits / anomalies.size };
}

const detectors: Array<[string, () => SeriesDetector<unknown>]> = [
  ['z-score', () => zScoreDetector() as SeriesDetector<unknown>],
  ['ewma', () => ewmaDetector() as SeriesDetector<unknown>],
  ['mad', () => madDetector() as SeriesDetector<unknown>],
];

describe('rolling detectors on a synthetic per-minute series', () => {
  for (const [name, make] of detectors) {
    it(`${name} finds injected 8σ spikes and stays quiet on the clean series`, () => {
      const dirty = minuteSeries(5_000, 99, 40, 8);
      const { precision, recall } = score(run(make(), dirty.points), dirty.anomalies);
      const clean = minuteSeries(5_000, 99, 0, 0);
      const falsePositives = run(make(), clean.points).length;
      const rate = falsePositives / clean.points.length;
      console.log(
        `${name}: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} on 40 spikes in 5,000 points; ` +
          `clean series: ${falsePositives} false positives (${(rate * 100).toFixed(2)} %)`,
      );
      expect(recall).toBeGreaterThanOrEqual(0.95);
      expect(precision).toBeGreaterThanOrEqual(0.85);
      // 4σ two-sided on normal noise is ≈ 0.006 % per point; σ estimated from 60 points has heavier tails.
      expect(rate).toBeLessThanOrEqual(0.001);
    });
  }

  it('state survives a JSON round trip mid-series', () => {
    const { points } = minuteSeries(600, 5, 5, 8);
    for (const [, make] of detectors) {
      const detector = make();
      let state = detector.createState();
      const flaggedWithRestore: number[] = [];
      points.forEach((point, i) => {
        state = JSON.parse(JSON.stringify(state)) as unknown;
        if (detector.observe(state, point)) flaggedWithRestore.push(i);
      });
      expect(flaggedWithRestore).toEqual(run(make(), points));
      expect(flaggedWithRestore.length).toBeGreaterThan(0);
    }
  });
});

describe('seasonalBaselineDetector', () => {
  /** Hourly values over 14 days with a strong daily shape (a rolling z-score would flag every morning). */
  function hourly(seed: number, anomalousHours: number[]): SeriesPoint[] {
    const random = seededRandom(seed);
    return Array.from({ length: 14 * 24 }, (_, i) => {
      const hourOfDay = i % 24;
      const shape = 200 + 150 * Math.max(0, Math.sin((Math.PI * (hourOfDay - 6)) / 12));
      return {
        timestamp: i * HOUR,
        value: shape * (1 + 0.02 * normal(random)) + (anomalousHours.includes(i) ? 120 : 0),
      };
    });
  }

  it('flags a value far from the same hour of previous days, and nothing on clean days', () => {
    const injected = [7 * 24 + 3, 8 * 24 + 12, 10 * 24 + 20, 12 * 24 + 9];
    const flagged = run(seasonalBaselineDetector(), hourly(3, injected));
    const { precision, recall } = score(flagged, new Set(injected));
    const falsePositives = run(seasonalBaselineDetector(), hourly(3, [])).length;
    console.log(
      `seasonal: precision ${precision}, recall ${recall}; clean 14 days: ${falsePositives} false positives`,
    );
    expect(recall).toBe(1);
    expect(precision).toBe(1);
    expect(falsePositives).toBe(0);
    // The first three days have no history: no verdicts at all, whatever the values.
    expect(run(seasonalBaselineDetector(), hourly(3, [5, 30, 60])).length).toBe(0);
  });
});

describe('spikeDetector', () => {
  it('flags bursts in per-minute counts, not quiet keys waking up', () => {
    const random = seededRandom(17);
    const bursts = new Set([120, 300, 301, 700]);
    const counts = Array.from({ length: 1000 }, (_, i) => ({
      timestamp: i * MINUTE,
      value: Math.round(30 + 5 * normal(random)) + (bursts.has(i) ? 150 : 0),
    }));
    const { precision, recall } = score(run(spikeDetector(), counts), bursts);
    expect(recall).toBe(1);
    expect(precision).toBe(1);
    const quiet = Array.from({ length: 200 }, (_, i) => ({
      timestamp: i * MINUTE,
      value: i % 50 === 0 ? 12 : 1,
    }));
    expect(run(spikeDetector(), quiet)).toEqual([]);
  });
});

describe('detectAnomalies in a stream job', () => {
  it('runs one detector state per series and emits anomaly events with the expected band', async () => {
    const a = minuteSeries(400, 1, 3, 10);
    const b = minuteSeries(400, 2, 2, 10);
    const input = a.points
      .map((p) => ({ series: 'a', ...p }))
      .concat(b.points.map((p) => ({ series: 'b', ...p })))
      .sort((x, y) => x.timestamp - y.timestamp);
    const job = new StreamJob();
    const events: AnomalyEvent[] = [];
    job
      .fromArray(input, { time: eventTime((p: { timestamp: number }) => p.timestamp) })
      .keyBy((p) => p.series)
      .process(detectAnomalies(madDetector(), (p: { value: number }) => p.value))
      .subscribe((event) => events.push(event));
    await job.run({ clock: () => 0 });
    const expectedA = run(madDetector(), a.points).map((i) => i * MINUTE);
    const expectedB = run(madDetector(), b.points).map((i) => i * MINUTE);
    expect(events.filter((e) => e.series === 'a').map((e) => e.timestamp)).toEqual(expectedA);
    expect(events.filter((e) => e.series === 'b').map((e) => e.timestamp)).toEqual(expectedB);
    expect(expectedA.length + expectedB.length).toBeGreaterThanOrEqual(5);
    for (const event of events) {
      expect(event.observed < event.lower || event.observed > event.upper).toBe(true);
      expect(event.expected).toBeGreaterThan(event.lower);
      expect(event.expected).toBeLessThan(event.upper);
    }
  });
});
