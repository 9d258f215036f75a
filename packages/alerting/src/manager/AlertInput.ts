import type { PatternMatch } from '@streamforge/cep';
import type { AlertSignal } from '../rules/AlertSignal.js';
import type { AnomalyScore, MetricSample, ObservedEvent } from '../rules/Observation.js';
import type { RuleEvaluator } from '../rules/RuleEvaluator.js';

/** Anything rules are evaluated on: a metric sample, an anomaly score, an event (absence), a CEP match. */
export type AlertInput =
  | { kind: 'metric'; sample: MetricSample }
  | { kind: 'anomaly'; score: AnomalyScore }
  | { kind: 'event'; event: ObservedEvent }
  | { kind: 'match'; match: PatternMatch };

/**
 * One consumed Kafka record. `input` is absent for a record that could not be read (it went to the
 * dead-letter topic): its offset still advances with the step, so it is neither lost nor retried.
 */
export interface ConsumedRecord {
  offset: string;
  input?: AlertInput;
}

export function evaluateInput(evaluator: RuleEvaluator, input: AlertInput): AlertSignal[] {
  switch (input.kind) {
    case 'metric':
      return evaluator.observeMetric(input.sample);
    case 'anomaly':
      return evaluator.observeAnomaly(input.score);
    case 'event':
      return evaluator.observeEvent(input.event);
    case 'match':
      return evaluator.observeMatch(input.match);
  }
}
