import { z } from 'zod';
import { AlertingError } from '../../errors.js';
import type { AnomalyScore, MetricSample } from '../../rules/Observation.js';

/**
 * A record of metrics.aggregates, version 1 (JSON): one closed window of one metric series, or an
 * anomaly detector's score for one. Time is `at` (epoch ms) or, for a window, `windowEnd - 1` — the
 * window's last instant, as the stream runtime stamps window results.
 */
const aggregateRecordSchema = z
  .object({
    metric: z.string().min(1),
    labels: z.record(z.string(), z.string()).default({}),
    value: z.number().finite().optional(),
    detector: z.string().min(1).optional(),
    score: z.number().finite().optional(),
    at: z.number().int().optional(),
    windowEnd: z.number().int().optional(),
  })
  .refine((record) => record.at !== undefined || record.windowEnd !== undefined, {
    path: ['at'],
    message: 'at or windowEnd is required',
  })
  .refine((record) => record.value !== undefined || record.score !== undefined, {
    path: ['value'],
    message: 'value (a metric) or score (an anomaly) is required',
  })
  .refine((record) => (record.score === undefined) === (record.detector === undefined), {
    path: ['detector'],
    message: 'an anomaly score needs its detector, and a detector its score',
  });

export type AggregateObservation =
  { kind: 'metric'; sample: MetricSample } | { kind: 'anomaly'; score: AnomalyScore };

/** A metrics.aggregates record that cannot be read; never retried, it goes to the dead-letter topic. */
export class AggregateDecodeError extends AlertingError {
  constructor(message: string) {
    super(message, { code: 'AGGREGATE_DECODE_FAILED' });
  }
}

export function decodeAggregate(bytes: Buffer | null): AggregateObservation {
  if (bytes === null) throw new AggregateDecodeError('record has no value');
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new AggregateDecodeError('record value is not JSON');
  }
  const parsed = aggregateRecordSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AggregateDecodeError(
      `not a v1 aggregate: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    );
  }
  const record = parsed.data;
  const at = record.at ?? (record.windowEnd as number) - 1;
  if (record.score !== undefined && record.detector !== undefined) {
    return {
      kind: 'anomaly',
      score: {
        metric: record.metric,
        detector: record.detector,
        score: record.score,
        labels: record.labels,
        at,
      },
    };
  }
  return {
    kind: 'metric',
    sample: { metric: record.metric, value: record.value as number, labels: record.labels, at },
  };
}

/** The v1 encoding, for producers and tests. */
export function encodeAggregate(observation: AggregateObservation): Buffer {
  if (observation.kind === 'anomaly') return Buffer.from(JSON.stringify(observation.score));
  return Buffer.from(JSON.stringify(observation.sample));
}
