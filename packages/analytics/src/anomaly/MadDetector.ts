import { median, medianAbsoluteDeviation } from 'simple-statistics';
import type { AnomalyVerdict, SeriesDetector, SeriesPoint } from './AnomalyEvent.js';
import { positive, positiveInteger, verdictOf } from './AnomalyEvent.js';

export interface MadOptions {
  windowSize?: number;
  /** Robust z-score (x − median) / (1.4826·MAD) above this is anomalous (default 4; Iglewicz & Hoaglin suggest 3.5, which flags ≈ 0.3 % of normal points over a 60-point window). */
  threshold?: number;
  minPoints?: number;
  minScale?: number;
}

export interface MadState {
  recent: number[];
}

/** 1.4826·MAD estimates σ for normal data, so thresholds read like z-scores. */
const MAD_TO_SIGMA = 1.4826;

/**
 * Median absolute deviation over a rolling window: median and MAD ignore the outliers themselves, so
 * points enter the window as they are (no clamping needed) and spikes neither mask nor linger.
 */
export function madDetector(options: MadOptions = {}): SeriesDetector<MadState> {
  const windowSize = positiveInteger('windowSize', options.windowSize ?? 60);
  const threshold = positive('threshold', options.threshold ?? 4);
  const minPoints = positiveInteger('minPoints', options.minPoints ?? 20);
  const minScale = positive('minScale', options.minScale ?? 1e-6);
  return {
    name: 'mad',
    createState: () => ({ recent: [] }),
    observe: (state, point: SeriesPoint): AnomalyVerdict | undefined => {
      let verdict: AnomalyVerdict | undefined;
      if (state.recent.length >= minPoints) {
        const center = median(state.recent);
        const scale = Math.max(MAD_TO_SIGMA * medianAbsoluteDeviation(state.recent), minScale);
        verdict = verdictOf(
          'mad',
          point,
          center,
          center - threshold * scale,
          center + threshold * scale,
          (point.value - center) / scale,
        );
      }
      state.recent.push(point.value);
      if (state.recent.length > windowSize) state.recent.shift();
      return verdict;
    },
  };
}
