import { median, medianAbsoluteDeviation } from 'simple-statistics';
import type { AnomalyVerdict, SeriesDetector, SeriesPoint } from './AnomalyEvent.js';
import { positive, positiveInteger, verdictOf } from './AnomalyEvent.js';

export interface SeasonalBaselineOptions {
  /** The season (default one day). */
  periodMs?: number;
  /** The slot compared across seasons (default one hour: same hour of previous days). */
  slotMs?: number;
  /** Previous seasons needed before any verdict (default 3). */
  minHistory?: number;
  /** Previous seasons kept (default 7). */
  maxHistory?: number;
  /** Robust deviations from the baseline that count as anomalous (default 4). */
  threshold?: number;
  /** Spread floor as a share of the baseline, so very regular history does not flag noise (default 0.05). */
  minRelativeSpread?: number;
}

export interface SeasonalBaselineState {
  /** slot → [season index, sum, count] for the latest seasons, oldest first. */
  slots: Record<string, Array<[season: number, sum: number, count: number]>>;
}

/**
 * Compares a point with the same slot of previous seasons (the same hour on previous days): the
 * baseline is the median of those seasons' slot means, the spread their scaled MAD (floored). Says
 * nothing until `minHistory` previous seasons exist for the slot. Time is epoch-aligned (UTC days).
 */
export function seasonalBaselineDetector(
  options: SeasonalBaselineOptions = {},
): SeriesDetector<SeasonalBaselineState> {
  const periodMs = positiveInteger('periodMs', options.periodMs ?? 86_400_000);
  const slotMs = positiveInteger('slotMs', options.slotMs ?? 3_600_000);
  const minHistory = positiveInteger('minHistory', options.minHistory ?? 3);
  const maxHistory = Math.max(minHistory, positiveInteger('maxHistory', options.maxHistory ?? 7));
  const threshold = positive('threshold', options.threshold ?? 4);
  const minRelativeSpread = positive('minRelativeSpread', options.minRelativeSpread ?? 0.05);
  return {
    name: 'seasonal',
    createState: () => ({ slots: {} }),
    observe: (state, point: SeriesPoint): AnomalyVerdict | undefined => {
      const season = Math.floor(point.timestamp / periodMs);
      const slot = String(Math.floor((point.timestamp - season * periodMs) / slotMs));
      const history = state.slots[slot] ?? (state.slots[slot] = []);
      const previous = history.filter(([s]) => s < season).map(([, sum, count]) => sum / count);
      let verdict: AnomalyVerdict | undefined;
      if (previous.length >= minHistory) {
        const baseline = median(previous);
        const spread = Math.max(
          1.4826 * medianAbsoluteDeviation(previous),
          minRelativeSpread * Math.abs(baseline),
          1e-9,
        );
        verdict = verdictOf(
          'seasonal',
          point,
          baseline,
          baseline - threshold * spread,
          baseline + threshold * spread,
          (point.value - baseline) / spread,
        );
      }
      const current = history.find(([s]) => s === season);
      if (current) {
        current[1] += point.value;
        current[2]++;
      } else {
        history.push([season, point.value, 1]);
        history.sort((a, b) => a[0] - b[0]);
        if (history.length > maxHistory + 1) history.splice(0, history.length - maxHistory - 1);
      }
      return verdict;
    },
  };
}
