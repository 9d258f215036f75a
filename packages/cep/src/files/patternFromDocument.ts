import type { StreamEvent } from '@streamforge/stream';
import { MalformedPatternError, PatternFileError } from '../errors.js';
import type { Pattern } from '../pattern/Pattern.js';
import { PatternBuilder } from '../pattern/PatternBuilder.js';
import { AfterMatchSkip, type AfterMatchSkipStrategy } from '../skip/AfterMatchSkipStrategy.js';
import { compileCondition } from './compileCondition.js';
import { readPath } from './fieldPath.js';
import type { PatternDocument, PatternParameters, SkipDocument, StageDocument } from './PatternDocument.js';
import { parseDuration, readPatternDocument } from './readPatternDocument.js';

/**
 * Validates a parsed pattern file (any JSON-shaped value) and compiles it through the same builder code
 * patterns use, so a file can express exactly what code can, and is rejected by the same rules — with
 * the offending field's path.
 */
export function patternFromDocument(
  value: unknown,
  source: string,
  parameters: PatternParameters = {},
): Pattern<StreamEvent> {
  const document = readPatternDocument(value, source, parameters);
  try {
    return build(document);
  } catch (error) {
    if (!(error instanceof MalformedPatternError)) throw error;
    const problem = error.problems[0];
    const stagePath = problem?.stage === undefined ? '' : `stages[${problem.stage}]`;
    const path = [stagePath, problem?.field ?? ''].filter((part) => part !== '').join('.');
    throw new PatternFileError(source, path, problem?.message ?? error.message);
  }
}

function build(document: PatternDocument): Pattern<StreamEvent> {
  const keyPath = document.keyBy ?? 'userId';
  const [first, ...rest] = document.stages as [StageDocument, ...StageDocument[]];
  let builder = PatternBuilder.create<StreamEvent>(document.id, document.name, {
    keyBy: (event) => String(readPath(event, keyPath) ?? ''),
    keyField: keyPath,
    ...(document.severity === undefined ? {} : { severity: document.severity }),
    ...(document.description === undefined ? {} : { description: document.description }),
  }).begin(first.name);
  builder = applyStage(builder, first);
  for (const stage of rest) {
    const connect = stage.connect ?? 'followedBy';
    builder = applyStage(builder[connect](stage.name), stage);
  }
  if (document.within !== undefined) builder = builder.within(parseDuration(document.within) ?? Number.NaN);
  if (document.afterMatch !== undefined) builder = builder.skip(skipOf(document.afterMatch));
  return builder.build();
}

function applyStage(builder: PatternBuilder<StreamEvent>, stage: StageDocument): PatternBuilder<StreamEvent> {
  let next = stage.where === undefined ? builder : builder.where(compileCondition(stage.where));
  const quantifier = stage.quantifier;
  if (quantifier === 'oneOrMore') next = next.oneOrMore();
  else if (quantifier === 'zeroOrMore') next = next.zeroOrMore();
  else if (quantifier !== undefined && 'timesOrMore' in quantifier)
    next = next.timesOrMore(quantifier.timesOrMore);
  else if (quantifier !== undefined && Array.isArray(quantifier.times))
    next = next.times(quantifier.times[0], quantifier.times[1]);
  else if (quantifier !== undefined && typeof quantifier.times === 'number')
    next = next.times(quantifier.times);
  if (stage.optional === true) next = next.optional();
  if (stage.greedy === true) next = next.greedy();
  if (stage.consecutive === true) next = next.consecutive();
  if (stage.allowCombinations === true) next = next.allowCombinations();
  return next;
}

function skipOf(skip: SkipDocument): AfterMatchSkipStrategy {
  if (skip === 'noSkip') return AfterMatchSkip.noSkip();
  if (skip === 'skipToNext') return AfterMatchSkip.skipToNext();
  if (skip === 'skipPastLastEvent') return AfterMatchSkip.skipPastLastEvent();
  return 'skipToFirst' in skip
    ? AfterMatchSkip.skipToFirst(skip.skipToFirst)
    : AfterMatchSkip.skipToLast(skip.skipToLast);
}
