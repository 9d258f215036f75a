import type { StreamEvent } from '@streamforge/stream';
import { MalformedPatternError } from '../errors.js';
import type { Severity } from '../match/PatternMatch.js';
import { AfterMatchSkip, type AfterMatchSkipStrategy } from '../skip/AfterMatchSkipStrategy.js';
import { type Condition, alwaysTrue, orCondition } from './Condition.js';
import type { Contiguity } from './Contiguity.js';
import type { Pattern, TimedEvent } from './Pattern.js';
import { validatePattern } from './validatePattern.js';
import type { Stage } from './Stage.js';

/** A stage as the fluent calls describe it, before validation turns it into a `Stage`. */
export interface StageDraft<E> {
  kind: 'take' | 'notNext' | 'notFollowedBy';
  name: string;
  contiguity: Contiguity;
  condition?: Condition<E>;
  quantifier?: { min: number; max: number; label: string };
  optional: boolean;
  greedy: boolean;
  innerContiguity?: Contiguity;
  /** Problems found while the fluent calls ran; reported together by `build()`. */
  problems: string[];
}

export interface PatternOptions<E> {
  severity?: Severity;
  description?: string;
  keyBy?: (event: E) => string;
  /** The event field `keyBy` reads, when it reads a single field (pattern files set it). */
  keyField?: string;
}

/** Reads `userId` when the event has one, so StreamEvent patterns are per user unless told otherwise. */
function defaultKey(event: unknown): string {
  const userId = (event as { userId?: unknown }).userId;
  return typeof userId === 'string' ? userId : '';
}

/**
 * Fluent pattern definition in Flink CEP's shape:
 * `PatternBuilder.create('rapid-tx', 'Rapid transactions').begin('first').where(isTx)
 *   .followedBy('more').where(isTx).timesOrMore(4).within(60_000).build()`.
 * Each call refines the most recent stage; nothing is checked until `build()`, which throws a
 * MalformedPatternError naming every problem it found.
 */
export class PatternBuilder<E extends TimedEvent = StreamEvent> {
  private readonly drafts: StageDraft<E>[] = [];
  private withinMs: number | undefined;
  private skipStrategy: AfterMatchSkipStrategy = AfterMatchSkip.noSkip();
  private readonly patternProblems: string[] = [];

  private constructor(
    private readonly id: string,
    private readonly name: string,
    private readonly options: PatternOptions<E>,
  ) {}

  static create<E extends TimedEvent = StreamEvent>(
    id: string,
    name: string,
    options: PatternOptions<E> = {},
  ): { begin(stageName: string): PatternBuilder<E> } {
    const builder = new PatternBuilder<E>(id, name, options);
    return { begin: (stageName) => builder.addStage('take', stageName, 'relaxed') };
  }

  /** Strict contiguity: the next stage's first event must directly follow. */
  next(stageName: string): this {
    return this.addStage('take', stageName, 'strict');
  }

  /** Relaxed contiguity: non-matching events in between are skipped. */
  followedBy(stageName: string): this {
    return this.addStage('take', stageName, 'relaxed');
  }

  /** Non-deterministic relaxed contiguity: any event in between may be skipped, matching ones too. */
  followedByAny(stageName: string): this {
    return this.addStage('take', stageName, 'nonDeterministic');
  }

  /** The event right after the previous stage must not satisfy this stage's condition. */
  notNext(stageName: string): this {
    return this.addStage('notNext', stageName, 'strict');
  }

  /** No event between the previous stage and the next one may satisfy this stage's condition. */
  notFollowedBy(stageName: string): this {
    return this.addStage('notFollowedBy', stageName, 'relaxed');
  }

  /** Sets the stage's condition, or ANDs a further one onto it (Flink's repeated `where`). */
  where(condition: Condition<E>): this {
    const stage = this.current();
    const previous = stage.condition;
    stage.condition =
      previous === undefined
        ? condition
        : (event, context) => previous(event, context) && condition(event, context);
    return this;
  }

  /** ORs a condition onto the stage's condition. */
  or(condition: Condition<E>): this {
    const stage = this.current();
    if (stage.condition === undefined)
      stage.problems.push(`stage '${stage.name}': or() needs a where() before it`);
    stage.condition = orCondition(stage.condition ?? alwaysTrue, condition);
    return this;
  }

  oneOrMore(): this {
    return this.quantify(1, Number.POSITIVE_INFINITY, 'oneOrMore()');
  }

  /** Zero or more: Flink's `oneOrMore().optional()`. */
  zeroOrMore(): this {
    this.quantify(1, Number.POSITIVE_INFINITY, 'zeroOrMore()');
    this.current().optional = true;
    return this;
  }

  timesOrMore(times: number): this {
    this.checkCount(times, 'timesOrMore');
    return this.quantify(times, Number.POSITIVE_INFINITY, `timesOrMore(${times})`);
  }

  times(from: number, to?: number): this {
    this.checkCount(from, 'times');
    if (to === undefined) return this.quantify(from, from, `times(${from})`);
    this.checkCount(to, 'times');
    if (to < from)
      this.current().problems.push(`stage '${this.current().name}': times(${from}, ${to}) has to < from`);
    return this.quantify(from, to, `times(${from}, ${to})`);
  }

  optional(): this {
    const stage = this.current();
    if (stage.optional) stage.problems.push(`stage '${stage.name}': optional() given twice`);
    stage.optional = true;
    return this;
  }

  greedy(): this {
    this.current().greedy = true;
    return this;
  }

  /** Strict contiguity between the events of a looping stage. */
  consecutive(): this {
    return this.setInner('strict', 'consecutive()');
  }

  /** Non-deterministic relaxed contiguity between the events of a looping stage. */
  allowCombinations(): this {
    return this.setInner('nonDeterministic', 'allowCombinations()');
  }

  within(ms: number): this {
    if (this.withinMs !== undefined) this.patternProblems.push('within() given twice');
    this.withinMs = ms;
    return this;
  }

  skip(strategy: AfterMatchSkipStrategy): this {
    this.skipStrategy = strategy;
    return this;
  }

  build(): Pattern<E> {
    const problems = [
      ...this.patternProblems.map((message) => ({ field: 'within', message })),
      ...this.drafts.flatMap((draft, stage) => draft.problems.map((message) => ({ stage, message }))),
    ];
    if (problems.length > 0) throw new MalformedPatternError(this.id, problems);
    const stages: Stage<E>[] = this.drafts.map((draft) => toStage(draft));
    const keyField = this.options.keyField ?? (this.options.keyBy === undefined ? 'userId' : undefined);
    const pattern: Pattern<E> = {
      id: this.id,
      name: this.name,
      severity: this.options.severity ?? 'medium',
      stages,
      skipStrategy: this.skipStrategy,
      keyBy: this.options.keyBy ?? defaultKey,
      ...(keyField === undefined ? {} : { keyField }),
      ...(this.options.description === undefined ? {} : { description: this.options.description }),
      ...(this.withinMs === undefined ? {} : { withinMs: this.withinMs }),
    };
    validatePattern(pattern, this.drafts);
    return pattern;
  }

  private addStage(kind: StageDraft<E>['kind'], name: string, contiguity: Contiguity): this {
    this.drafts.push({ kind, name, contiguity, optional: false, greedy: false, problems: [] });
    return this;
  }

  private current(): StageDraft<E> {
    const stage = this.drafts[this.drafts.length - 1];
    // Unreachable through the public API: create() only hands out a builder after begin().
    if (stage === undefined)
      throw new MalformedPatternError(this.id, [{ message: 'no stage; call begin() first' }]);
    return stage;
  }

  private quantify(min: number, max: number, label: string): this {
    const stage = this.current();
    if (stage.quantifier !== undefined)
      stage.problems.push(
        `stage '${stage.name}': ${label} after ${stage.quantifier.label}; a stage has one quantifier`,
      );
    stage.quantifier = { min, max, label };
    return this;
  }

  private setInner(contiguity: Contiguity, label: string): this {
    const stage = this.current();
    if (stage.innerContiguity !== undefined)
      stage.problems.push(`stage '${stage.name}': ${label} conflicts with an earlier inner contiguity`);
    stage.innerContiguity = contiguity;
    return this;
  }

  private checkCount(value: number, method: string): void {
    if (!Number.isInteger(value) || value < 1)
      this.current().problems.push(
        `stage '${this.current().name}': ${method}() needs a whole number >= 1, got ${value}`,
      );
  }
}

function toStage<E>(draft: StageDraft<E>): Stage<E> {
  const condition = draft.condition ?? alwaysTrue;
  if (draft.kind !== 'take') return { kind: draft.kind, name: draft.name, condition };
  return {
    kind: 'take',
    name: draft.name,
    condition,
    min: draft.quantifier?.min ?? 1,
    max: draft.quantifier?.max ?? 1,
    optional: draft.optional,
    contiguity: draft.contiguity,
    innerContiguity: draft.innerContiguity ?? 'relaxed',
    greedy: draft.greedy,
  };
}
