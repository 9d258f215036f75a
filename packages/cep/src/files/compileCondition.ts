import type { StreamEvent } from '@streamforge/stream';
import type { Condition, ConditionContext } from '../pattern/Condition.js';
import { readPath, toNumber } from './fieldPath.js';
import type {
  AggregateDocument,
  ComparisonDocument,
  ConditionDocument,
  Literal,
  Operand,
  SpeedDocument,
} from './PatternDocument.js';

type Context = ConditionContext<StreamEvent>;

/** Turns a validated declarative condition into the matcher's condition function. */
export function compileCondition(document: ConditionDocument): Condition<StreamEvent> {
  if ('all' in document && document.all !== undefined) {
    const parts = document.all.map(compileCondition);
    return (event, context) => parts.every((part) => part(event, context));
  }
  if ('any' in document && document.any !== undefined) {
    const parts = document.any.map(compileCondition);
    return (event, context) => parts.some((part) => part(event, context));
  }
  if ('not' in document && document.not !== undefined) {
    const inner = compileCondition(document.not);
    return (event, context) => !inner(event, context);
  }
  return compileComparison(document as ComparisonDocument);
}

function compileComparison(document: ComparisonDocument): Condition<StreamEvent> {
  const subject = subjectOf(document);
  if (document.exists !== undefined) {
    const wanted = document.exists;
    return (event, context) => {
      const value = subject(event, context);
      return (value !== undefined && value !== null) === wanted;
    };
  }
  const entries: Array<[keyof ComparisonDocument, (left: unknown, right: unknown) => boolean]> = [
    ['eq', equals],
    ['ne', (left, right) => !equals(left, right)],
    ['gt', (left, right) => numeric(left, right, (l, r) => l > r)],
    ['gte', (left, right) => numeric(left, right, (l, r) => l >= r)],
    ['lt', (left, right) => numeric(left, right, (l, r) => l < r)],
    ['lte', (left, right) => numeric(left, right, (l, r) => l <= r)],
    ['in', (left, right) => Array.isArray(right) && right.some((item) => equals(left, item))],
    ['notIn', (left, right) => Array.isArray(right) && !right.some((item) => equals(left, item))],
  ];
  for (const [operator, test] of entries) {
    const operand = document[operator] as Operand | undefined;
    if (operand === undefined) continue;
    const right = operandOf(operand);
    return (event, context) => test(subject(event, context), right(event, context));
  }
  // Unreachable for a validated document: the schema demands exactly one operator.
  return () => false;
}

type Value = (event: StreamEvent, context: Context) => unknown;

function subjectOf(document: ComparisonDocument): Value {
  if (document.field !== undefined) {
    const path = document.field;
    return (event) => readPath(event, path);
  }
  if (document.aggregate !== undefined) return aggregateOf(document.aggregate);
  if (document.speedKmh !== undefined) return speedOf(document.speedKmh);
  return () => undefined;
}

function operandOf(operand: Operand): Value {
  if (operand === null || typeof operand !== 'object' || Array.isArray(operand)) {
    const literal: Literal | Literal[] = operand;
    return () => literal;
  }
  if ('ref' in operand) {
    const { stage, field, pick } = operand.ref;
    return (_event, context) => {
      const events = context.events(stage);
      const picked = pick === 'first' ? events[0] : events.at(-1);
      return picked === undefined ? undefined : readPath(picked, field);
    };
  }
  return aggregateOf(operand.aggregate);
}

function aggregateOf(aggregate: AggregateDocument): Value {
  const { fn, stage, field, includeCurrent } = aggregate;
  return (event, context) => {
    const events = includeCurrent === true ? [...context.events(stage), event] : context.events(stage);
    if (fn === 'count') return events.length;
    const values = events.map((item) => readPath(item, field ?? ''));
    if (fn === 'distinctCount') return new Set(values.map((value) => JSON.stringify(value))).size;
    const numbers = values.map(toNumber).filter((value) => Number.isFinite(value));
    if (fn === 'sum') return numbers.reduce((sum, value) => sum + value, 0);
    if (numbers.length === 0) return undefined;
    if (fn === 'avg') return numbers.reduce((sum, value) => sum + value, 0) / numbers.length;
    return fn === 'min' ? Math.min(...numbers) : Math.max(...numbers);
  };
}

const EARTH_RADIUS_KM = 6371;

/** Haversine distance over elapsed event time; simultaneous events at different places are infinitely fast. */
function speedOf(speed: SpeedDocument): Value {
  return (event, context) => {
    const from = context.events(speed.from).at(-1);
    if (from === undefined) return undefined;
    const [lat1, lon1, lat2, lon2] = [
      readPath(from, speed.lat),
      readPath(from, speed.lon),
      readPath(event, speed.lat),
      readPath(event, speed.lon),
    ].map(toNumber) as [number, number, number, number];
    if (![lat1, lon1, lat2, lon2].every(Number.isFinite)) return undefined;
    const radians = (degrees: number) => (degrees * Math.PI) / 180;
    const a =
      Math.sin(radians(lat2 - lat1) / 2) ** 2 +
      Math.cos(radians(lat1)) * Math.cos(radians(lat2)) * Math.sin(radians(lon2 - lon1) / 2) ** 2;
    const km = 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
    const hours = (event.timestamp - from.timestamp) / 3_600_000;
    if (hours <= 0) return km === 0 ? 0 : Number.POSITIVE_INFINITY;
    return km / hours;
  };
}

function equals(left: unknown, right: unknown): boolean {
  if (typeof left === 'number' || typeof right === 'number') {
    const [l, r] = [toNumber(left), toNumber(right)];
    return Number.isFinite(l) && l === r;
  }
  return left === right;
}

function numeric(left: unknown, right: unknown, test: (left: number, right: number) => boolean): boolean {
  const [l, r] = [toNumber(left), toNumber(right)];
  return Number.isFinite(l) && Number.isFinite(r) && test(l, r);
}
