import type { Labels } from '../alert/Labels.js';
import type { Severity } from '../alert/Severity.js';

/**
 * What rule evaluation tells alert processing: this alert's condition holds (`firing`) or has cleared
 * (`resolved`) as of `at`. Processing dedups signals by fingerprint; evaluation never keeps lifecycle.
 */
export interface AlertSignal {
  ruleId: string;
  fingerprint: string;
  labels: Labels;
  severity: Severity;
  summary: string;
  state: 'firing' | 'resolved';
  at: number;
  /** The observed value that decided it (metric value, anomaly score), when there is one. */
  value?: number;
  /** What contributed: a match id and its event ids, a sample's window … kept with the alert. */
  details?: Record<string, unknown>;
}
