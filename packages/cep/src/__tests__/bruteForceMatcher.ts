import type { ConditionContext } from '../pattern/Condition.js';
import type { Pattern, TimedEvent } from '../pattern/Pattern.js';
import type { TakeStage } from '../pattern/Stage.js';

/** One candidate match: (stage index, index into the key's events) pairs in event order. */
type Assignment = ReadonlyArray<readonly [stage: number, event: number]>;

export interface OracleMatch {
  /** "stage:eventIndex" pairs joined by commas: comparable with the NFA's output. */
  readonly signature: string;
  readonly start: number;
  readonly completedAt: number;
}

/**
 * An independent reference for the NFA: enumerate every subsequence of one key's events with an
 * assignment to take stages, and keep those that satisfy the pattern's semantics, written down rule by
 * rule below without any notion of runs, pinning or PROCEED edges. Exponential; keep inputs small.
 */
export function bruteForceMatches<E extends TimedEvent>(
  pattern: Pattern<E>,
  events: readonly E[],
): OracleMatch[] {
  const { stages } = pattern;
  const takeIndexes = stages.flatMap((stage, index) => (stage.kind === 'take' ? [index] : []));
  const found: OracleMatch[] = [];

  const contextOf = (prefix: Assignment): ConditionContext<E> => ({
    events: (name) =>
      prefix.filter(([stage]) => stages[stage]?.name === name).map(([, index]) => events[index] as E),
  });
  const take = (index: number): TakeStage<E> => stages[index] as TakeStage<E>;
  const countOf = (assignment: Assignment, stage: number): number =>
    assignment.filter(([s]) => s === stage).length;

  const extend = (assignment: Assignment): void => {
    const last = assignment.at(-1);
    const first = assignment[0];
    const checked = assignment.length > 0 ? completion(assignment) : undefined;
    if (checked !== undefined && first !== undefined)
      found.push({
        signature: assignment.map(([stage, index]) => `${stage}:${index}`).join(','),
        start: first[1],
        completedAt: checked,
      });
    for (let next = (last?.[1] ?? -1) + 1; next < events.length; next += 1) {
      const event = events[next] as E;
      if (first !== undefined && pattern.withinMs !== undefined) {
        const firstEvent = events[first[1]] as E;
        if (event.timestamp - firstEvent.timestamp >= pattern.withinMs) break;
      }
      for (const stage of takeIndexes) {
        if (stage < (last?.[0] ?? 0)) continue;
        if (countOf(assignment, stage) >= take(stage).max) continue;
        if (!take(stage).condition(event, contextOf(assignment))) continue;
        extend([...assignment, [stage, next]]);
      }
    }
  };

  /** The index of the event on which the candidate completes, or undefined when it is no match. */
  const completion = (assignment: Assignment): number | undefined => {
    // Rule 1 (quantifiers): each take stage has 0 events if optional, else min..max.
    for (const stage of takeIndexes) {
      const count = countOf(assignment, stage);
      if (count === 0 ? !take(stage).optional : count < take(stage).min || count > take(stage).max)
        return undefined;
    }
    let completedAt = (assignment.at(-1) as readonly [number, number])[1];

    // Rule 2 (contiguity): every event between two taken events is one the later event's stage may
    // skip: none under strict, only events its condition rejects under relaxed, any under
    // non-deterministic. The stage's own loop contiguity applies between two events of one stage.
    for (let k = 1; k < assignment.length; k += 1) {
      const [previousStage, p] = assignment[k - 1] as readonly [number, number];
      const [stage, q] = assignment[k] as readonly [number, number];
      const contiguity = previousStage === stage ? take(stage).innerContiguity : take(stage).contiguity;
      const context = contextOf(assignment.slice(0, k));
      for (let r = p + 1; r < q; r += 1) {
        if (contiguity === 'strict') return undefined;
        if (contiguity === 'relaxed' && take(stage).condition(events[r] as E, context)) return undefined;
      }
    }

    // Rule 3 (negation): notNext forbids its condition on the event right after the previous stage's
    // last event (which must exist); notFollowedBy forbids it on every event after that up to and
    // including the next stage's first event.
    stages.forEach((stage, index) => {
      if (stage.kind === 'take' || completedAt < 0) return;
      const prefix = assignment.filter(([s]) => s < index);
      const p = (prefix.at(-1) as readonly [number, number])[1];
      const context = contextOf(prefix);
      if (stage.kind === 'notNext') {
        const after = events[p + 1];
        if (after === undefined || stage.condition(after, context)) completedAt = -1;
        else completedAt = Math.max(completedAt, p + 1);
        return;
      }
      const q = (assignment.find(([s]) => s > index) as readonly [number, number])[1];
      for (let r = p + 1; r <= q; r += 1) if (stage.condition(events[r] as E, context)) completedAt = -1;
    });
    if (completedAt < 0) return undefined;

    // Rule 4 (greedy): a greedy stage that could still take more is left only on an event it rejects:
    // the event right after the last event up to that stage (or the match's first event when nothing
    // came before). An unbounded greedy stage also rejects every event up to the next stage's first.
    for (const stage of takeIndexes) {
      if (!take(stage).greedy) continue;
      const upTo = assignment.filter(([s]) => s <= stage);
      const count = countOf(assignment, stage);
      if (count < take(stage).max) {
        const leaving =
          upTo.length === 0
            ? (assignment[0] as readonly [number, number])[1]
            : (upTo.at(-1) as readonly [number, number])[1] + 1;
        const event = events[leaving];
        if (event === undefined || take(stage).condition(event, contextOf(upTo))) return undefined;
        completedAt = Math.max(completedAt, leaving);
      }
      const nextTaken = assignment.find(([s]) => s > stage);
      if (take(stage).max === Number.POSITIVE_INFINITY && count > 0 && nextTaken?.[0] === stage + 1) {
        const p = (upTo.at(-1) as readonly [number, number])[1];
        for (let r = p + 1; r <= nextTaken[1]; r += 1)
          if (take(stage).condition(events[r] as E, contextOf(upTo))) return undefined;
      }
    }

    // Rule 5 (within): the event completing the match is less than `within` after the first event.
    const firstEvent = events[(assignment[0] as readonly [number, number])[1]] as E;
    const completingEvent = events[completedAt] as E;
    if (
      pattern.withinMs !== undefined &&
      completingEvent.timestamp - firstEvent.timestamp >= pattern.withinMs
    )
      return undefined;
    return completedAt;
  };

  extend([]);
  return applySkipStrategy(pattern, found);
}

/**
 * After-match skipping as a selection over all matches: take the earliest-starting match (then the
 * earliest completed, then by events), drop every other match that the strategy discards, repeat.
 */
function applySkipStrategy<E extends TimedEvent>(pattern: Pattern<E>, matches: OracleMatch[]): OracleMatch[] {
  const strategy = pattern.skipStrategy;
  const pairsOf = (match: OracleMatch): Array<[number, number]> =>
    match.signature.split(',').map((pair) => pair.split(':').map(Number) as [number, number]);
  const order = (left: OracleMatch, right: OracleMatch): number => {
    if (left.start !== right.start) return left.start - right.start;
    if (left.completedAt !== right.completedAt) return left.completedAt - right.completedAt;
    const l = pairsOf(left);
    const r = pairsOf(right);
    for (let i = 0; i < Math.min(l.length, r.length); i += 1) {
      const [ls, le] = l[i] as [number, number];
      const [rs, re] = r[i] as [number, number];
      if (le !== re) return le - re;
      if (ls !== rs) return ls - rs;
    }
    return l.length - r.length;
  };
  let remaining = [...matches].sort(order);
  if (strategy.kind === 'noSkip') return remaining;
  const selected: OracleMatch[] = [];
  while (remaining.length > 0) {
    const match = remaining.shift() as OracleMatch;
    selected.push(match);
    const pairs = pairsOf(match);
    const indexes = pairs.map(([, index]) => index);
    let bound: { at: number; inclusive: boolean } | undefined;
    if (strategy.kind === 'skipToNext') bound = { at: Math.min(...indexes), inclusive: true };
    else if (strategy.kind === 'skipPastLastEvent') bound = { at: Math.max(...indexes), inclusive: true };
    else {
      const named = pairs
        .filter(([stage]) => pattern.stages[stage]?.name === strategy.stage)
        .map(([, index]) => index);
      if (named.length > 0)
        bound = {
          at: strategy.kind === 'skipToFirst' ? Math.min(...named) : Math.max(...named),
          inclusive: false,
        };
    }
    if (bound !== undefined) {
      const { at, inclusive } = bound;
      remaining = remaining.filter((other) => !(inclusive ? other.start <= at : other.start < at));
    }
  }
  return selected;
}
