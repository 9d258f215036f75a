import { MalformedPatternError } from '../errors.js';
import type { Pattern, TimedEvent } from './Pattern.js';
import type { StageDraft } from './PatternBuilder.js';

/** One reason a pattern cannot compile; `stage` and `field` let a file loader name the offending field. */
export interface PatternProblem {
  readonly stage?: number;
  readonly field?: string;
  readonly message: string;
}

/**
 * The structural rules a pattern must satisfy before the NFA can run it. Most are Flink's
 * (NFACompiler / Pattern checks); the ones marked "ours" keep semantics we have not implemented out.
 */
export function patternProblems<E extends TimedEvent>(
  pattern: Pattern<E>,
  drafts: readonly Pick<StageDraft<E>, 'quantifier' | 'optional' | 'greedy' | 'innerContiguity'>[],
): PatternProblem[] {
  const problems: PatternProblem[] = [];
  const { stages } = pattern;
  if (pattern.id.trim() === '') problems.push({ field: 'id', message: 'id must not be empty' });
  if (pattern.name.trim() === '') problems.push({ field: 'name', message: 'name must not be empty' });
  if (stages.length === 0) problems.push({ field: 'stages', message: 'a pattern needs at least one stage' });

  const seen = new Set<string>();
  stages.forEach((stage, index) => {
    const draft = drafts[index];
    const at = (field: string | undefined, message: string): void => {
      problems.push({
        stage: index,
        ...(field === undefined ? {} : { field }),
        message: `stage '${stage.name}': ${message}`,
      });
    };
    if (stage.name.trim() === '') at('name', 'a stage name must not be empty');
    if (seen.has(stage.name)) at('name', `duplicate stage name '${stage.name}'`);
    seen.add(stage.name);

    if (stage.kind !== 'take') {
      // Flink: a NOT pattern cannot be quantified, optional or greedy.
      if (draft?.quantifier !== undefined) at('quantifier', `a ${stage.kind} stage cannot have a quantifier`);
      if (draft?.optional === true) at('optional', `a ${stage.kind} stage cannot be optional`);
      if (draft?.greedy === true) at('greedy', `a ${stage.kind} stage cannot be greedy`);
      if (index === 0) at('connect', `a pattern cannot begin with ${stage.kind}`);
      // Flink: notFollowedBy cannot end a pattern (we do not implement its within-based variant).
      if (stage.kind === 'notFollowedBy' && index === stages.length - 1)
        at('connect', 'a pattern cannot end with notFollowedBy');
      const before = stages[index - 1];
      if (before !== undefined && before.kind !== 'take')
        at('connect', 'two negations in a row are not supported');
      else if (before !== undefined && before.optional)
        at('connect', `the stage before a negation ('${before.name}') must not be optional`); // ours
      const after = stages[index + 1];
      if (after !== undefined && after.kind === 'take' && after.optional)
        at('connect', `the stage after a negation ('${after.name}') must not be optional`); // ours
      return;
    }

    if (stage.max < stage.min) at('quantifier', `max ${stage.max} is below min ${stage.min}`);
    const loops = stage.max > 1;
    if (draft?.innerContiguity !== undefined && !loops)
      at(
        'consecutive',
        'consecutive()/allowCombinations() need a looping quantifier (oneOrMore, times, ...)',
      );
    if (stage.greedy) {
      if (stage.max === stage.min && !stage.optional)
        at('greedy', 'greedy() needs a quantifier with a range (oneOrMore, times(n, m), optional, ...)');
      const rest = stages.slice(index + 1);
      // Flink never completes a greedy stage followed only by optional stages (the proceed to the
      // final state starts from a non-greedy state); rejecting it beats silently never matching.
      if (rest.length > 0 && rest.every((next) => next.kind === 'take' && next.optional))
        at('greedy', 'a greedy stage must not be followed only by optional stages');
    }
  });

  if (stages.length > 0 && stages.every((stage) => stage.kind !== 'take' || stage.optional))
    problems.push({
      field: 'stages',
      message: 'at least one stage must be mandatory (not optional, not negated)',
    });

  if (pattern.withinMs !== undefined && !(Number.isFinite(pattern.withinMs) && pattern.withinMs > 0))
    problems.push({
      field: 'within',
      message: `within must be a positive number of ms, got ${pattern.withinMs}`,
    });

  const skip = pattern.skipStrategy;
  if (skip.kind === 'skipToFirst' || skip.kind === 'skipToLast') {
    const target = stages.find((stage) => stage.name === skip.stage);
    if (target === undefined || target.kind !== 'take')
      problems.push({
        field: 'afterMatch',
        message: `${skip.kind} names '${skip.stage}', which is not a stage that takes events`,
      });
  }
  return problems;
}

export function validatePattern<E extends TimedEvent>(
  pattern: Pattern<E>,
  drafts: readonly Pick<StageDraft<E>, 'quantifier' | 'optional' | 'greedy' | 'innerContiguity'>[],
): void {
  const problems = patternProblems(pattern, drafts);
  if (problems.length > 0) throw new MalformedPatternError(pattern.id, problems);
}
