export { AnalyticsConfigError, AnalyticsError, SketchMergeError, SketchStateError } from './errors.js';

export type { QuantileSketch } from './sketches/QuantileSketch.js';
export {
  DEFAULT_RELATIVE_ACCURACY,
  LogBucketQuantileSketch,
  emptyLogBucketState,
  mergeLogBucketStates,
} from './sketches/LogBucketQuantileSketch.js';
export type { LogBucketSketchOptions, LogBucketSketchState } from './sketches/LogBucketQuantileSketch.js';
export type { DistinctCounter } from './sketches/DistinctCounter.js';
export {
  DEFAULT_HLL_PRECISION,
  HLL_HASH_VERSION,
  HyperLogLog,
  emptyHyperLogLogState,
  mergeHyperLogLogStates,
} from './sketches/HyperLogLog.js';
export type { HyperLogLogOptions, HyperLogLogState } from './sketches/HyperLogLog.js';
export type { TopK, TopKEntry } from './sketches/TopK.js';
export {
  DEFAULT_TOPK_CAPACITY,
  SpaceSaving,
  emptySpaceSavingState,
  mergeSpaceSavingStates,
} from './sketches/SpaceSaving.js';
export type { SpaceSavingOptions, SpaceSavingState } from './sketches/SpaceSaving.js';

export {
  avgAggregate,
  countAggregate,
  maxAggregate,
  minAggregate,
  sumAggregate,
} from './aggregations/basicAggregates.js';
export type { MeanAccumulator, ValueOf } from './aggregations/basicAggregates.js';
export {
  distinctCountAggregate,
  percentileName,
  percentilesAggregate,
  topKAggregate,
} from './aggregations/sketchAggregates.js';
export type { ItemOf, Percentiles } from './aggregations/sketchAggregates.js';
export {
  exponentialMovingAverageAggregate,
  simpleMovingAverageAggregate,
} from './aggregations/movingAverages.js';
export type {
  ExponentialMovingAverageAccumulator,
  SimpleMovingAverageAccumulator,
} from './aggregations/movingAverages.js';
export { combineAggregates } from './aggregations/combineAggregates.js';
export type { AnyAggregateOf, CombinedInput, CombinedResult } from './aggregations/combineAggregates.js';

export { parsePipelineConfig, pipelineConfigSchema } from './pipeline/PipelineConfig.js';
export type { AggregationConfig, MetricConfig, PipelineConfig } from './pipeline/PipelineConfig.js';
export { buildMetricPipeline, seriesKeyOf } from './pipeline/buildMetricPipeline.js';
export type { MetricAggregate } from './pipeline/buildMetricPipeline.js';

export type { AnomalyEvent, AnomalyVerdict, SeriesDetector, SeriesPoint } from './anomaly/AnomalyEvent.js';
export { zScoreDetector } from './anomaly/ZScoreDetector.js';
export type { ZScoreOptions, ZScoreState } from './anomaly/ZScoreDetector.js';
export { ewmaDetector } from './anomaly/EwmaDetector.js';
export type { EwmaOptions, EwmaState } from './anomaly/EwmaDetector.js';
export { madDetector } from './anomaly/MadDetector.js';
export type { MadOptions, MadState } from './anomaly/MadDetector.js';
export { seasonalBaselineDetector } from './anomaly/SeasonalBaselineDetector.js';
export type { SeasonalBaselineOptions, SeasonalBaselineState } from './anomaly/SeasonalBaselineDetector.js';
export { spikeDetector } from './anomaly/SpikeDetector.js';
export type { SpikeOptions, SpikeState } from './anomaly/SpikeDetector.js';
export { detectAnomalies } from './anomaly/detectAnomalies.js';

export { compileCondition, conditionSchema } from './classify/Condition.js';
export type { Condition, FieldCondition } from './classify/Condition.js';
export { RuleClassifier, classificationRulesSchema } from './classify/RuleClassifier.js';
export type { ClassificationRule } from './classify/RuleClassifier.js';

export { keyFeaturesAggregate } from './features/keyFeatures.js';
export type { KeyFeatures, KeyFeaturesAccumulator, KeyFeaturesOptions } from './features/keyFeatures.js';
