import { slidingWindows, tumblingWindows } from '@streamforge/stream';
import type { DataStream, TimeWindow, WindowResultKind } from '@streamforge/stream';
import {
  avgAggregate,
  countAggregate,
  maxAggregate,
  minAggregate,
  sumAggregate,
} from '../aggregations/basicAggregates.js';
import type { ValueOf } from '../aggregations/basicAggregates.js';
import { combineAggregates } from '../aggregations/combineAggregates.js';
import type { AnyAggregateOf } from '../aggregations/combineAggregates.js';
import {
  exponentialMovingAverageAggregate,
  simpleMovingAverageAggregate,
} from '../aggregations/movingAverages.js';
import {
  distinctCountAggregate,
  percentilesAggregate,
  topKAggregate,
} from '../aggregations/sketchAggregates.js';
import { compileCondition } from '../classify/Condition.js';
import { readKey, readNumber } from '../internal/fieldPath.js';
import type { AggregationConfig, MetricConfig, PipelineConfig } from './PipelineConfig.js';
import { parsePipelineConfig } from './PipelineConfig.js';

/** One closed (or early / late) window of one metric series: what goes to metrics.aggregates. */
export interface MetricAggregate {
  metric: string;
  /** Each configured dimension with the series' value; null when the values lacked the field. */
  dimensions: Record<string, string | null>;
  window: TimeWindow;
  kind: WindowResultKind;
  /** Results by aggregation name (count, sum, p95, topK entries…). */
  values: Record<string, unknown>;
}

/**
 * Builds the windowed aggregations a pipeline configuration describes on a stream of events (any
 * object whose fields the config's dotted paths name), one window operator per metric, named
 * `metric:<name>` so its state survives other changes to the job. Returns every metric's results as
 * one stream. `config` may be raw JSON: it is validated first.
 */
export function buildMetricPipeline<T>(
  events: DataStream<T>,
  config: PipelineConfig | unknown,
): DataStream<MetricAggregate> {
  const valid = parsePipelineConfig(config);
  const streams = valid.metrics.map((metric) => buildMetric(events, metric));
  const [first, ...rest] = streams;
  // parsePipelineConfig guarantees at least one metric.
  return rest.length === 0
    ? (first as DataStream<MetricAggregate>)
    : (first as DataStream<MetricAggregate>).union(...rest);
}

/** The series key of a value: metric name and dimension values, unambiguous whatever they contain. */
export function seriesKeyOf(metric: string, dimensionValues: ReadonlyArray<string | null>): string {
  return JSON.stringify([metric, ...dimensionValues]);
}

function buildMetric<T>(events: DataStream<T>, metric: MetricConfig): DataStream<MetricAggregate> {
  const matches = metric.filter ? compileCondition(metric.filter) : () => true;
  const valuePath = metric.value;
  const valueOf: ValueOf<T> =
    valuePath === undefined ? () => undefined : (value) => readNumber(value, valuePath);
  const members: Record<string, AnyAggregateOf<T>> = {};
  for (const aggregation of metric.aggregations) {
    members[aggregation.name ?? aggregation.type] = aggregateOf(aggregation, valueOf);
  }
  const dimensions = metric.dimensions;
  const window =
    metric.window.type === 'tumbling'
      ? tumblingWindows(metric.window.sizeMs)
      : slidingWindows(metric.window.sizeMs, metric.window.slideMs);
  return events
    .filter((value) => matches(value) && (valuePath === undefined || valueOf(value) !== undefined), {
      name: `metric:${metric.name}:filter`,
    })
    .keyBy((value) =>
      seriesKeyOf(
        metric.name,
        dimensions.map((path) => readKey(value, path) ?? null),
      ),
    )
    .window(window, { allowedLatenessMs: metric.allowedLatenessMs, name: `metric:${metric.name}` })
    .aggregate(combineAggregates(members))
    .map(
      (result): MetricAggregate => {
        const [, ...values] = JSON.parse(result.key) as [string, ...Array<string | null>];
        return {
          metric: metric.name,
          dimensions: Object.fromEntries(dimensions.map((path, i) => [path, values[i] ?? null])),
          window: result.window,
          kind: result.kind,
          values: result.value as Record<string, unknown>,
        };
      },
      { name: `metric:${metric.name}:result` },
    );
}

function aggregateOf<T>(aggregation: AggregationConfig, valueOf: ValueOf<T>): AnyAggregateOf<T> {
  switch (aggregation.type) {
    case 'count':
      return countAggregate<T>();
    case 'sum':
      return sumAggregate(valueOf);
    case 'avg':
      return avgAggregate(valueOf);
    case 'min':
      return minAggregate(valueOf);
    case 'max':
      return maxAggregate(valueOf);
    case 'distinctCount': {
      const { field, precision } = aggregation;
      return distinctCountAggregate<T>(
        (value) => readKey(value, field),
        precision === undefined ? {} : { precision },
      );
    }
    case 'topK': {
      const { field, k, capacity } = aggregation;
      return topKAggregate<T>(
        (value) => readKey(value, field),
        k,
        capacity === undefined ? {} : { capacity },
      );
    }
    case 'percentiles': {
      const { quantiles, relativeAccuracy } = aggregation;
      return percentilesAggregate(
        valueOf,
        quantiles,
        relativeAccuracy === undefined ? {} : { relativeAccuracy },
      );
    }
    case 'sma':
      return simpleMovingAverageAggregate(aggregation.size, valueOf);
    case 'ema':
      return exponentialMovingAverageAggregate(aggregation.alpha, valueOf);
  }
}
