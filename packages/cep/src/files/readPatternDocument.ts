import { PatternFileError } from '../errors.js';
import {
  COMPARISON_OPERATORS,
  type AggregateDocument,
  type ComparisonDocument,
  type ConditionDocument,
  type Literal,
  type Operand,
  type PatternDocument,
  type PatternParameters,
  type QuantifierDocument,
  type ReferenceDocument,
  type SkipDocument,
  type SpeedDocument,
  type StageDocument,
} from './PatternDocument.js';

/*
 * The pattern-file schema, checked by hand because @streamforge/cep has no schema library among its
 * dependencies (zod is not declared in packages/cep/package.json). Each check throws a
 * PatternFileError carrying the path of the offending field, e.g. `stages[1].where.all[0].gt.ref.stage`.
 */

type Json = Record<string, unknown>;

class Reader {
  constructor(
    readonly source: string,
    /** Stage names declared before the stage being read, and that stage itself. */
    private readonly stagesInScope: string[] = [],
    /** The document's parameters with the loader's overrides applied. */
    readonly parameters: ReadonlyMap<string, Literal> = new Map(),
  ) {}

  fail(path: string, problem: string): never {
    throw new PatternFileError(this.source, path, problem);
  }

  object(value: unknown, path: string, allowed: readonly string[]): Json {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      this.fail(path, 'must be an object');
    for (const key of Object.keys(value))
      if (!allowed.includes(key))
        this.fail(join(path, key), `unknown field (allowed: ${allowed.join(', ')})`);
    return value as Json;
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string' || value.trim() === '') this.fail(path, 'must be a non-empty string');
    return value;
  }

  optionalString(value: unknown, path: string): string | undefined {
    return value === undefined ? undefined : this.string(value, path);
  }

  boolean(value: unknown, path: string): boolean | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') this.fail(path, 'must be true or false');
    return value;
  }

  count(value: unknown, path: string): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
      this.fail(path, 'must be a whole number >= 1');
    return value;
  }

  oneOf<T extends string>(value: unknown, path: string, options: readonly T[]): T {
    if (typeof value !== 'string' || !options.includes(value as T))
      this.fail(path, `must be one of ${options.join(', ')}`);
    return value as T;
  }

  stageName(value: unknown, path: string): string {
    const name = this.string(value, path);
    if (!this.stagesInScope.includes(name))
      this.fail(path, `'${name}' is not this stage or an earlier one (${this.stagesInScope.join(', ')})`);
    return name;
  }

  withScope(stages: string[]): Reader {
    return new Reader(this.source, stages, this.parameters);
  }

  withParameters(parameters: ReadonlyMap<string, Literal>): Reader {
    return new Reader(this.source, this.stagesInScope, parameters);
  }
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

/**
 * Checks a parsed pattern file and returns it as a PatternDocument in which every `{ param }` operand
 * is replaced by its value: the file's default, or `overrides[id][name]` when the loader gives one.
 */
export function readPatternDocument(
  value: unknown,
  source: string,
  overrides: PatternParameters = {},
): PatternDocument {
  let reader = new Reader(source);
  const root = reader.object(value, '', [
    'id',
    'name',
    'severity',
    'description',
    'keyBy',
    'within',
    'afterMatch',
    'parameters',
    'stages',
  ]);
  const document: PatternDocument = {
    id: reader.string(root.id, 'id'),
    name: reader.string(root.name, 'name'),
    stages: [],
  };
  if (root.severity !== undefined)
    document.severity = reader.oneOf(root.severity, 'severity', [
      'info',
      'low',
      'medium',
      'high',
      'critical',
    ] as const);
  const description = reader.optionalString(root.description, 'description');
  if (description !== undefined) document.description = description;
  const keyBy = reader.optionalString(root.keyBy, 'keyBy');
  if (keyBy !== undefined) document.keyBy = keyBy;
  if (root.within !== undefined) document.within = readWithin(reader, root.within);
  if (root.parameters !== undefined) {
    const parameters = readParameters(reader, root.parameters, overrides[document.id] ?? {});
    document.parameters = Object.fromEntries(parameters);
    reader = reader.withParameters(parameters);
  }

  const stages = Array.isArray(root.stages) ? (root.stages as unknown[]) : [];
  if (stages.length === 0) reader.fail('stages', 'must be a non-empty list');
  const names: string[] = [];
  stages.forEach((stage: unknown, index: number) => {
    const path = join('stages', index);
    const name = reader.string((stage as Json | null)?.name, join(path, 'name'));
    if (names.includes(name)) reader.fail(join(path, 'name'), `duplicate stage name '${name}'`);
    names.push(name);
    document.stages.push(readStage(reader.withScope([...names]), stage, path, index));
  });
  if (root.afterMatch !== undefined) document.afterMatch = readSkip(reader.withScope(names), root.afterMatch);
  return document;
}

function isLiteral(value: unknown): value is Literal {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** The declared parameters, each overridden when the loader gives a value for it. */
function readParameters(
  reader: Reader,
  value: unknown,
  overrides: Readonly<Record<string, Literal>>,
): Map<string, Literal> {
  const object = reader.object(value, 'parameters', Object.keys(value ?? {}));
  const parameters = new Map<string, Literal>();
  for (const [name, fallback] of Object.entries(object)) {
    if (!isLiteral(fallback))
      reader.fail(join('parameters', name), 'must be a string, number, boolean or null');
    parameters.set(name, Object.hasOwn(overrides, name) ? (overrides[name] as Literal) : fallback);
  }
  return parameters;
}

function readWithin(reader: Reader, value: unknown): number | string {
  if (typeof value === 'number') {
    if (!(Number.isFinite(value) && value > 0)) reader.fail('within', 'must be a positive number of ms');
    return value;
  }
  if (typeof value !== 'string' || parseDuration(value) === undefined)
    reader.fail('within', 'must be ms or a duration like "500ms", "60s", "5m", "1h"');
  return value;
}

export function parseDuration(text: string | number): number | undefined {
  if (typeof text === 'number') return text;
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/.exec(text.trim());
  if (match === null) return undefined;
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
  const ms = Number(match[1]) * unit;
  return ms > 0 ? ms : undefined;
}

function readSkip(reader: Reader, value: unknown): SkipDocument {
  if (typeof value === 'string')
    return reader.oneOf(value, 'afterMatch', ['noSkip', 'skipToNext', 'skipPastLastEvent'] as const);
  const object = reader.object(value, 'afterMatch', ['skipToFirst', 'skipToLast']);
  if (object.skipToFirst !== undefined)
    return { skipToFirst: reader.stageName(object.skipToFirst, 'afterMatch.skipToFirst') };
  if (object.skipToLast !== undefined)
    return { skipToLast: reader.stageName(object.skipToLast, 'afterMatch.skipToLast') };
  return reader.fail('afterMatch', 'needs skipToFirst or skipToLast');
}

function readStage(reader: Reader, value: unknown, path: string, index: number): StageDocument {
  const object = reader.object(value, path, [
    'name',
    'connect',
    'where',
    'quantifier',
    'optional',
    'greedy',
    'consecutive',
    'allowCombinations',
  ]);
  const stage: StageDocument = { name: reader.string(object.name, join(path, 'name')) };
  if (object.connect !== undefined) {
    if (index === 0)
      reader.fail(join(path, 'connect'), 'the first stage has no previous stage to connect to');
    stage.connect = reader.oneOf(object.connect, join(path, 'connect'), [
      'next',
      'followedBy',
      'followedByAny',
      'notNext',
      'notFollowedBy',
    ] as const);
  }
  if (object.where !== undefined) stage.where = readCondition(reader, object.where, join(path, 'where'));
  if (object.quantifier !== undefined)
    stage.quantifier = readQuantifier(reader, object.quantifier, join(path, 'quantifier'));
  for (const flag of ['optional', 'greedy', 'consecutive', 'allowCombinations'] as const) {
    const flagValue = reader.boolean(object[flag], join(path, flag));
    if (flagValue !== undefined) stage[flag] = flagValue;
  }
  return stage;
}

function readQuantifier(reader: Reader, value: unknown, path: string): QuantifierDocument {
  if (typeof value === 'string') return reader.oneOf(value, path, ['oneOrMore', 'zeroOrMore'] as const);
  const object = reader.object(value, path, ['times', 'timesOrMore']);
  if (object.timesOrMore !== undefined)
    return { timesOrMore: reader.count(object.timesOrMore, join(path, 'timesOrMore')) };
  if (Array.isArray(object.times)) {
    if (object.times.length !== 2) reader.fail(join(path, 'times'), 'a range is [from, to]');
    const from = reader.count(object.times[0], `${join(path, 'times')}[0]`);
    const to = reader.count(object.times[1], `${join(path, 'times')}[1]`);
    if (to < from) reader.fail(join(path, 'times'), `to (${to}) is below from (${from})`);
    return { times: [from, to] };
  }
  if (object.times !== undefined) return { times: reader.count(object.times, join(path, 'times')) };
  return reader.fail(
    path,
    "must be 'oneOrMore', 'zeroOrMore', {times: n}, {times: [n, m]} or {timesOrMore: n}",
  );
}

const SUBJECTS = ['field', 'aggregate', 'speedKmh'] as const;

function readCondition(reader: Reader, value: unknown, path: string): ConditionDocument {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    reader.fail(path, 'must be an object');
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === 'all' || keys[0] === 'any')) {
    const key = keys[0];
    const list = (value as Json)[key];
    if (!Array.isArray(list) || list.length === 0)
      reader.fail(join(path, key), 'must be a non-empty list of conditions');
    const conditions = list.map((item, index) => readCondition(reader, item, join(join(path, key), index)));
    return key === 'all' ? { all: conditions } : { any: conditions };
  }
  if (keys.length === 1 && keys[0] === 'not')
    return { not: readCondition(reader, (value as Json).not, join(path, 'not')) };

  const object = reader.object(value, path, [...SUBJECTS, ...COMPARISON_OPERATORS]);
  const subjects = SUBJECTS.filter((key) => object[key] !== undefined);
  const operators = COMPARISON_OPERATORS.filter((key) => object[key] !== undefined);
  if (subjects.length !== 1)
    reader.fail(
      path,
      `a comparison needs exactly one of ${SUBJECTS.join(', ')} (or all/any/not), found ${subjects.length}`,
    );
  if (operators.length !== 1)
    reader.fail(
      path,
      `a comparison needs exactly one operator of ${COMPARISON_OPERATORS.join(', ')}, found ${operators.length}`,
    );
  const comparison: ComparisonDocument = {};
  const subject = subjects[0] as (typeof SUBJECTS)[number];
  if (subject === 'field') comparison.field = reader.string(object.field, join(path, 'field'));
  else if (subject === 'aggregate')
    comparison.aggregate = readAggregate(reader, object.aggregate, join(path, 'aggregate'));
  else comparison.speedKmh = readSpeed(reader, object.speedKmh, join(path, 'speedKmh'));

  const operator = operators[0] as (typeof COMPARISON_OPERATORS)[number];
  const operatorPath = join(path, operator);
  if (operator === 'exists') {
    comparison.exists = reader.boolean(object.exists, operatorPath) ?? true;
    return comparison;
  }
  const operand = readOperand(reader, object[operator], operatorPath);
  if ((operator === 'in' || operator === 'notIn') !== Array.isArray(operand))
    reader.fail(
      operatorPath,
      operator === 'in' || operator === 'notIn' ? 'must be a list of values' : 'must not be a list',
    );
  comparison[operator] = operand;
  return comparison;
}

function readOperand(reader: Reader, value: unknown, path: string): Operand {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return value as Operand;
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      if (item !== null && !['string', 'number', 'boolean'].includes(typeof item))
        reader.fail(join(path, index), 'list items must be strings, numbers, booleans or null');
    });
    return value as Operand;
  }
  const object = reader.object(value, path, ['ref', 'aggregate', 'param']);
  if (object.param !== undefined) {
    const name = reader.string(object.param, join(path, 'param'));
    if (!reader.parameters.has(name))
      reader.fail(
        join(path, 'param'),
        `'${name}' is not declared in parameters (${[...reader.parameters.keys()].join(', ') || 'none'})`,
      );
    return reader.parameters.get(name) as Literal;
  }
  if (object.ref !== undefined) return { ref: readReference(reader, object.ref, join(path, 'ref')) };
  if (object.aggregate !== undefined)
    return { aggregate: readAggregate(reader, object.aggregate, join(path, 'aggregate')) };
  return reader.fail(path, 'must be a value, a list, {param: ...}, {ref: ...} or {aggregate: ...}');
}

function readReference(reader: Reader, value: unknown, path: string): ReferenceDocument {
  const object = reader.object(value, path, ['stage', 'field', 'pick']);
  const reference: ReferenceDocument = {
    stage: reader.stageName(object.stage, join(path, 'stage')),
    field: reader.string(object.field, join(path, 'field')),
  };
  if (object.pick !== undefined)
    reference.pick = reader.oneOf(object.pick, join(path, 'pick'), ['first', 'last'] as const);
  return reference;
}

function readAggregate(reader: Reader, value: unknown, path: string): AggregateDocument {
  const object = reader.object(value, path, ['fn', 'stage', 'field', 'includeCurrent']);
  const aggregate: AggregateDocument = {
    fn: reader.oneOf(object.fn, join(path, 'fn'), [
      'sum',
      'count',
      'avg',
      'min',
      'max',
      'distinctCount',
    ] as const),
    stage: reader.stageName(object.stage, join(path, 'stage')),
  };
  const field = reader.optionalString(object.field, join(path, 'field'));
  if (field === undefined && aggregate.fn !== 'count')
    reader.fail(join(path, 'field'), `${aggregate.fn} needs a field`);
  if (field !== undefined) aggregate.field = field;
  const includeCurrent = reader.boolean(object.includeCurrent, join(path, 'includeCurrent'));
  if (includeCurrent !== undefined) aggregate.includeCurrent = includeCurrent;
  return aggregate;
}

function readSpeed(reader: Reader, value: unknown, path: string): SpeedDocument {
  const object = reader.object(value, path, ['from', 'lat', 'lon']);
  return {
    from: reader.stageName(object.from, join(path, 'from')),
    lat: reader.string(object.lat, join(path, 'lat')),
    lon: reader.string(object.lon, join(path, 'lon')),
  };
}
