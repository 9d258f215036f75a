import type { Labels } from '../alert/Labels.js';

/** One value of a metric series, e.g. a closed window from metrics.aggregates. `at` is event time. */
export interface MetricSample {
  metric: string;
  value: number;
  labels: Labels;
  at: number;
}

/** A sign of life for absence rules: any event, described by its labels (eventType, source …). */
export interface ObservedEvent {
  labels: Labels;
  at: number;
}

/** The output of an anomaly detector for one metric series. */
export interface AnomalyScore {
  metric: string;
  detector: string;
  score: number;
  labels: Labels;
  at: number;
}
