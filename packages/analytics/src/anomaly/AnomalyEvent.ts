/** One observation of a series: a metric window's value, a per-minute count. */
export interface SeriesPoint {
  timestamp: number;
  value: number;
}

/** What a detector says about a point it finds anomalous. */
export interface AnomalyVerdict {
  detector: string;
  timestamp: number;
  observed: number;
  /** The value the detector expected (mean, median, seasonal baseline). */
  expected: number;
  /** The band of normal values; outside it is anomalous. */
  lower: number;
  upper: number;
  /** How far out, in the detector's unit (standard deviations, robust deviations, ratio to baseline). */
  score: number;
  direction: 'high' | 'low';
}

/** An anomaly of one series, as emitted downstream (to alerting, to metrics.aggregates consumers). */
export interface AnomalyEvent extends AnomalyVerdict {
  series: string;
}

/**
 * A per-series detector. Its state is plain JSON (it lives in keyed state, checkpointed as JSON);
 * `observe` scores the point against the state, folds the point in (in place) and says whether it
 * was anomalous. Points must come in time order per series.
 */
export interface SeriesDetector<S> {
  readonly name: string;
  createState(): S;
  observe(state: S, point: SeriesPoint): AnomalyVerdict | undefined;
}

/** Builds the verdict for a point outside [lower, upper], or undefined when it is inside. */
export function verdictOf(
  detector: string,
  point: SeriesPoint,
  expected: number,
  lower: number,
  upper: number,
  score: number,
): AnomalyVerdict | undefined {
  if (point.value >= lower && point.value <= upper) return undefined;
  return {
    detector,
    timestamp: point.timestamp,
    observed: point.value,
    expected,
    lower,
    upper,
    score,
    direction: point.value > upper ? 'high' : 'low',
  };
}

export function positive(name: string, value: number): number {
  if (!(value > 0)) throw new RangeError(`${name} must be > 0, got ${value}`);
  return value;
}

export function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}
