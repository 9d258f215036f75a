import type { AnomalyVerdict, SeriesDetector, SeriesPoint } from './AnomalyEvent.js';
import { positive, positiveInteger, verdictOf } from './AnomalyEvent.js';

export interface SpikeOptions {
  /** A bucket is a spike when its count exceeds factor × baseline (default 3). */
  factor?: number;
  /** …and at least this many events, so 1 → 4 events on a quiet key is no spike (default 50, the reference's events-per-minute threshold). */
  minCount?: number;
  /** Weight of the newest bucket in the baseline (default 0.2). */
  alpha?: number;
  /** Buckets seen before any verdict (default 5). */
  minPoints?: number;
}

export interface SpikeState {
  baseline: number | null;
  points: number;
}

/**
 * Event spikes: a per-bucket event count (e.g. a one-minute count window per key) far above its
 * moving baseline. Only upward; the baseline takes spikes in capped at the threshold, so a burst
 * does not raise it enough to hide the next one.
 */
export function spikeDetector(options: SpikeOptions = {}): SeriesDetector<SpikeState> {
  const factor = positive('factor', options.factor ?? 3);
  const minCount = positive('minCount', options.minCount ?? 50);
  const alpha = positive('alpha', options.alpha ?? 0.2);
  const minPoints = positiveInteger('minPoints', options.minPoints ?? 5);
  return {
    name: 'spike',
    createState: () => ({ baseline: null, points: 0 }),
    observe: (state, point: SeriesPoint): AnomalyVerdict | undefined => {
      if (state.baseline === null) {
        state.baseline = point.value;
        state.points = 1;
        return undefined;
      }
      const upper = Math.max(factor * state.baseline, minCount);
      const verdict =
        state.points >= minPoints
          ? verdictOf('spike', point, state.baseline, 0, upper, point.value / Math.max(state.baseline, 1e-9))
          : undefined;
      state.baseline += alpha * (Math.min(point.value, upper) - state.baseline);
      state.points++;
      return verdict;
    },
  };
}
