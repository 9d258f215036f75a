import type { AnomalyVerdict, SeriesDetector, SeriesPoint } from './AnomalyEvent.js';
import { positive, positiveInteger, verdictOf } from './AnomalyEvent.js';

export interface EwmaOptions {
  /** Weight of the newest point in the moving mean and variance (default 0.05). */
  alpha?: number;
  /** Control band: mean ± bandWidth·σ (default 4). */
  bandWidth?: number;
  /** No verdicts before this many points (default 20). */
  minPoints?: number;
  minStdDev?: number;
}

export interface EwmaState {
  mean: number | null;
  variance: number;
  points: number;
}

/**
 * Exponentially weighted moving mean and variance (Finch 2009's incremental form) with control bands,
 * as in an EWMA control chart. Anomalous points are folded in clamped to the band, like zScoreDetector.
 */
export function ewmaDetector(options: EwmaOptions = {}): SeriesDetector<EwmaState> {
  const alpha = positive('alpha', options.alpha ?? 0.05);
  if (alpha > 1) throw new RangeError(`alpha must be ≤ 1, got ${alpha}`);
  const bandWidth = positive('bandWidth', options.bandWidth ?? 4);
  const minPoints = positiveInteger('minPoints', options.minPoints ?? 20);
  const minStdDev = positive('minStdDev', options.minStdDev ?? 1e-6);
  return {
    name: 'ewma',
    createState: () => ({ mean: null, variance: 0, points: 0 }),
    observe: (state, point: SeriesPoint): AnomalyVerdict | undefined => {
      if (state.mean === null) {
        state.mean = point.value;
        state.points = 1;
        return undefined;
      }
      let verdict: AnomalyVerdict | undefined;
      let folded = point.value;
      if (state.points >= minPoints) {
        const sigma = Math.max(Math.sqrt(state.variance), minStdDev);
        const lower = state.mean - bandWidth * sigma;
        const upper = state.mean + bandWidth * sigma;
        verdict = verdictOf('ewma', point, state.mean, lower, upper, (point.value - state.mean) / sigma);
        folded = Math.min(upper, Math.max(lower, point.value));
      }
      const diff = folded - state.mean;
      const increment = alpha * diff;
      state.mean += increment;
      state.variance = (1 - alpha) * (state.variance + diff * increment);
      state.points++;
      return verdict;
    },
  };
}
