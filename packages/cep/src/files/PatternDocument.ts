import type { Severity } from '../match/PatternMatch.js';

/**
 * A pattern as a YAML/JSON file states it. Every builder feature has a field: `connect` is the
 * contiguity or negation towards the previous stage, `quantifier` and its modifiers the repetition,
 * `where` a declarative condition, `within` and `afterMatch` the pattern-wide settings.
 */
export interface PatternDocument {
  id: string;
  name: string;
  severity?: Severity;
  description?: string;
  /** Dot path of the key on the event; `userId` when absent. */
  keyBy?: string;
  /** Milliseconds, or a duration such as "500ms", "60s", "5m", "1h". */
  within?: number | string;
  afterMatch?: SkipDocument;
  /**
   * Named values conditions use as `{ "param": "<name>" }` operands, with their defaults here; a loader
   * may override them (the cep-engine sets `high-value-transaction`'s `threshold` from its config).
   */
  parameters?: Record<string, Literal>;
  stages: StageDocument[];
}

/** Parameter values by pattern id, then by parameter name, replacing the files' defaults. */
export type PatternParameters = Readonly<Record<string, Readonly<Record<string, Literal>>>>;

export type SkipDocument =
  'noSkip' | 'skipToNext' | 'skipPastLastEvent' | { skipToFirst: string } | { skipToLast: string };

export type Connect = 'next' | 'followedBy' | 'followedByAny' | 'notNext' | 'notFollowedBy';

export type QuantifierDocument =
  'oneOrMore' | 'zeroOrMore' | { times: number | [number, number] } | { timesOrMore: number };

export interface StageDocument {
  name: string;
  connect?: Connect;
  where?: ConditionDocument;
  quantifier?: QuantifierDocument;
  optional?: boolean;
  greedy?: boolean;
  consecutive?: boolean;
  allowCombinations?: boolean;
}

export type Literal = string | number | boolean | null;

export type AggregateFunction = 'sum' | 'count' | 'avg' | 'min' | 'max' | 'distinctCount';

/** An aggregate over the events a named stage has taken so far (optionally with the current event). */
export interface AggregateDocument {
  fn: AggregateFunction;
  stage: string;
  /** Required for every function except count. */
  field?: string;
  includeCurrent?: boolean;
}

/** A field of an event an earlier stage took: its first or (default) last event. */
export interface ReferenceDocument {
  stage: string;
  field: string;
  pick?: 'first' | 'last';
}

/** Great-circle speed in km/h from the last event of `from` to the current event. */
export interface SpeedDocument {
  from: string;
  lat: string;
  lon: string;
}

export type Operand = Literal | Literal[] | { ref: ReferenceDocument } | { aggregate: AggregateDocument };

export const COMPARISON_OPERATORS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'notIn', 'exists'] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

/** Exactly one subject (`field`, `aggregate`, `speedKmh`) and exactly one operator. */
export interface ComparisonDocument {
  field?: string;
  aggregate?: AggregateDocument;
  speedKmh?: SpeedDocument;
  eq?: Operand;
  ne?: Operand;
  gt?: Operand;
  gte?: Operand;
  lt?: Operand;
  lte?: Operand;
  in?: Operand;
  notIn?: Operand;
  exists?: boolean;
}

export type ConditionDocument =
  | { all: ConditionDocument[] }
  | { any: ConditionDocument[] }
  | { not: ConditionDocument }
  | ComparisonDocument;
