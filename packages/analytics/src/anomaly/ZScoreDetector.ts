import { mean, standardDeviation } from 'simple-statistics';
import type { AnomalyVerdict, SeriesDetector, SeriesPoint } from './AnomalyEvent.js';
import { positive, positiveInteger, verdictOf } from './AnomalyEvent.js';

export interface ZScoreOptions {
  /** Points in the rolling window (default 60). */
  windowSize?: number;
  /** |x − mean| / σ above this is anomalous (default 4). */
  threshold?: number;
  /** No verdicts until the window holds this many points (default 20). */
  minPoints?: number;
  /** Floor for σ, so a flat series does not make every wiggle infinite (default 1e-6). */
  minStdDev?: number;
}

export interface ZScoreState {
  recent: number[];
}

/**
 * Z-score against the mean and standard deviation of the previous `windowSize` points. An anomalous
 * point enters the window clamped to the band's edge, so one spike does not widen the band enough to
 * hide the next one, while a lasting level shift still moves the mean and is absorbed.
 */
export function zScoreDetector(options: ZScoreOptions = {}): SeriesDetector<ZScoreState> {
  const windowSize = positiveInteger('windowSize', options.windowSize ?? 60);
  const threshold = positive('threshold', options.threshold ?? 4);
  const minPoints = positiveInteger('minPoints', options.minPoints ?? 20);
  const minStdDev = positive('minStdDev', options.minStdDev ?? 1e-6);
  return {
    name: 'z-score',
    createState: () => ({ recent: [] }),
    observe: (state, point: SeriesPoint): AnomalyVerdict | undefined => {
      let verdict: AnomalyVerdict | undefined;
      let folded = point.value;
      if (state.recent.length >= minPoints) {
        const mu = mean(state.recent);
        const sigma = Math.max(standardDeviation(state.recent), minStdDev);
        const lower = mu - threshold * sigma;
        const upper = mu + threshold * sigma;
        verdict = verdictOf('z-score', point, mu, lower, upper, (point.value - mu) / sigma);
        folded = Math.min(upper, Math.max(lower, point.value));
      }
      state.recent.push(folded);
      if (state.recent.length > windowSize) state.recent.shift();
      return verdict;
    },
  };
}
