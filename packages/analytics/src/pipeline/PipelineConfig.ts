import { z } from 'zod';
import { conditionSchema } from '../classify/Condition.js';
import { parseConfig } from '../internal/parseConfig.js';

const name = z
  .string()
  .regex(/^[A-Za-z0-9_.-]+$/, 'must be letters, digits, ".", "_" or "-"')
  .optional();
const path = z.string().min(1);

/** One aggregation of a metric; `name` keys its result (default: the type, `p95` etc. for percentiles). */
export const aggregationSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('count'), name }).strict(),
  z.object({ type: z.literal('sum'), name }).strict(),
  z.object({ type: z.literal('avg'), name }).strict(),
  z.object({ type: z.literal('min'), name }).strict(),
  z.object({ type: z.literal('max'), name }).strict(),
  z
    .object({
      type: z.literal('distinctCount'),
      name,
      field: path,
      precision: z.int().min(4).max(18).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('topK'),
      name,
      field: path,
      k: z.int().positive(),
      capacity: z.int().positive().optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('percentiles'),
      name,
      quantiles: z.array(z.number().min(0).max(1)).min(1),
      relativeAccuracy: z.number().gt(0).lt(1).optional(),
    })
    .strict(),
  z.object({ type: z.literal('sma'), name, size: z.int().positive() }).strict(),
  z.object({ type: z.literal('ema'), name, alpha: z.number().gt(0).lte(1) }).strict(),
]);
export type AggregationConfig = z.output<typeof aggregationSchema>;

/** Aggregations that fold the metric's `value`, so the metric must name one. */
const NEEDS_VALUE = new Set(['sum', 'avg', 'min', 'max', 'percentiles', 'sma', 'ema']);

export const windowSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('tumbling'), sizeMs: z.int().positive() }).strict(),
  z
    .object({ type: z.literal('sliding'), sizeMs: z.int().positive(), slideMs: z.int().positive() })
    .strict()
    .refine((w) => w.slideMs <= w.sizeMs, { path: ['slideMs'], message: 'must be ≤ sizeMs' }),
]);

export const metricSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'must be letters, digits, ".", "_" or "-"'),
    /** Only values that satisfy this are counted. */
    filter: conditionSchema.optional(),
    /** Dotted path of the number that sum/avg/min/max/percentiles/sma/ema fold; values without it are skipped. */
    value: path.optional(),
    /** Dotted paths whose values, with the metric name, make the series key. */
    dimensions: z.array(path).default([]),
    window: windowSchema,
    allowedLatenessMs: z.int().min(0).default(0),
    aggregations: z.array(aggregationSchema).min(1),
  })
  .strict()
  .superRefine((metric, ctx) => {
    const names = new Set<string>();
    metric.aggregations.forEach((aggregation, i) => {
      if (NEEDS_VALUE.has(aggregation.type) && metric.value === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['value'],
          message: `aggregation ${aggregation.type} needs a value path`,
        });
      }
      const resultName = aggregation.name ?? aggregation.type;
      if (names.has(resultName)) {
        ctx.addIssue({
          code: 'custom',
          path: ['aggregations', i, 'name'],
          message: `result name ${resultName} is used twice; give one a name`,
        });
      }
      names.add(resultName);
    });
  });
export type MetricConfig = z.output<typeof metricSchema>;

export const pipelineConfigSchema = z
  .object({ metrics: z.array(metricSchema).min(1) })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.metrics.forEach((metric, i) => {
      if (seen.has(metric.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['metrics', i, 'name'],
          message: `metric ${metric.name} is defined twice`,
        });
      }
      seen.add(metric.name);
    });
  });

/** A validated pipeline: which metrics to compute, over which windows, by which dimensions. */
export type PipelineConfig = z.output<typeof pipelineConfigSchema>;

/** Validates a pipeline configuration (from JSON or YAML); AnalyticsConfigError names each bad field. */
export function parsePipelineConfig(input: unknown): PipelineConfig {
  return parseConfig(pipelineConfigSchema, input);
}
