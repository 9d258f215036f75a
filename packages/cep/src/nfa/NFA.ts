import type { ConditionContext } from '../pattern/Condition.js';
import type { Pattern, TimedEvent } from '../pattern/Pattern.js';
import type { Stage, TakeStage } from '../pattern/Stage.js';
import { isPruned, pruneBoundary } from '../skip/pruneBoundary.js';
import { compareTaken, takenKey } from './compareTaken.js';
import type { NfaMatch, NfaOutput, NfaTimeout } from './NfaResult.js';
import type { KeyState, PendingMatchState, RunState, TakenEvent } from './NfaState.js';

type Emit = (taken: TakenEvent[], startSeq: number) => void;

/**
 * The matcher for one pattern, run against one key's state at a time. It keeps no state itself, so
 * one instance serves every key and a restored KeyState resumes exactly where the snapshot stood.
 *
 * The run semantics follow Flink's NFACompiler/NFA (flink-cep `nfa/`), with a run per partial match
 * instead of a shared buffer:
 * - on each event a run explores its position and every position reachable by PROCEED (leaving a
 *   stage whose count is satisfied, passing optional stages and negations), and at each one may TAKE
 *   the event or IGNORE it as the stage's contiguity allows;
 * - IGNORE pins the run to that stage (Flink's separate ignore state without PROCEED), so a relaxed
 *   stage always takes the first event it accepts;
 * - a fresh run starts at every event and never ignores (Flink skips IGNORE for the start state);
 * - a match is emitted when a TAKE leaves only skippable, non-greedy stages before the end
 *   (findFinalStateAfterProceed), or on the event after the match when the end is reached through a
 *   greedy stage or a notNext (those PROCEED/IGNORE edges into the final state carry the event).
 */
export class NFA<E extends TimedEvent> {
  private readonly stages: readonly Stage<E>[];

  constructor(readonly pattern: Pattern<E>) {
    this.stages = pattern.stages;
  }

  /** Processes one event of the key; the caller guarantees event-time order within the key. */
  process(state: KeyState<E>, event: E): NfaOutput<E> {
    const matches: NfaMatch<E>[] = [];
    // Flink's operator advances time to the event's timestamp before the NFA sees the event.
    const timeouts = this.expire(state, event.timestamp);
    this.release(state, matches);

    const seq = state.nextSeq;
    state.nextSeq += 1;
    state.lastTimestamp = event.timestamp;
    state.events[String(seq)] = event;
    state.pending.push(...this.step(state, seq, event));
    this.release(state, matches);
    this.collectGarbage(state);
    return { matches, timeouts };
  }

  /** Expires runs older than `within` at event time `time` and emits matches they were holding back. */
  advanceTime(state: KeyState<E>, time: number): NfaOutput<E> {
    const matches: NfaMatch<E>[] = [];
    const timeouts = this.expire(state, time);
    this.release(state, matches);
    this.collectGarbage(state);
    return { matches, timeouts };
  }

  isIdle(state: KeyState<E>): boolean {
    return state.runs.length === 0 && state.pending.length === 0;
  }

  private step(state: KeyState<E>, seq: number, event: E): PendingMatchState[] {
    const nextRuns: RunState[] = [];
    const runKeys = new Set<string>();
    const completed = new Map<string, PendingMatchState>();
    const keep = (run: RunState): void => {
      const key = `${run.stage}/${run.count}/${run.pinned}/${run.forbid.join('.')}/${takenKey(run.taken)}`;
      if (runKeys.has(key)) return;
      runKeys.add(key);
      nextRuns.push(run);
    };
    const emit: Emit = (taken, startSeq) => {
      completed.set(takenKey(taken), { taken, startSeq, completedSeq: seq, completedAt: event.timestamp });
    };
    for (const run of state.runs) this.advanceRun(state, run, false, seq, event, keep, emit);
    const start: RunState = {
      stage: 0,
      count: 0,
      pinned: false,
      forbid: [],
      taken: [],
      startSeq: seq,
      startTimestamp: event.timestamp,
    };
    this.advanceRun(state, start, true, seq, event, keep, emit);
    state.runs = nextRuns;
    return [...completed.values()];
  }

  private advanceRun(
    state: KeyState<E>,
    run: RunState,
    isStart: boolean,
    seq: number,
    event: E,
    keep: (run: RunState) => void,
    emit: Emit,
  ): void {
    const context = this.contextFor(state, run.taken);
    const lastTakenStage = run.taken.at(-1)?.[0] ?? -1;

    const visit = (
      index: number,
      count: number,
      pinned: boolean,
      forbid: number[],
      endTakesEvent: boolean,
    ): void => {
      if (index === this.stages.length) {
        if (endTakesEvent) emit(run.taken, run.startSeq);
        return;
      }
      // Flink's stop states: a forbidden event kills this branch, including a TAKE at this position.
      for (const negated of forbid) if (this.stageAt(negated).condition(event, context)) return;
      const stage = this.stageAt(index);
      if (stage.kind !== 'take') {
        if (stage.kind === 'notFollowedBy') visit(index + 1, 0, false, [...forbid, index], false);
        // notNext: Flink's notNext state PROCEEDs (or IGNOREs into the final state) on "not the condition".
        else if (!stage.condition(event, context)) visit(index + 1, 0, false, forbid, true);
        return;
      }
      if (count === 0 && this.greedyPredecessorClaims(index, lastTakenStage, event, context)) return;

      const accepted = stage.condition(event, context);
      if (accepted) this.take(run, isStart, index, count, stage, seq, event, keep, emit);
      if (!isStart) {
        const contiguity = count === 0 ? stage.contiguity : stage.innerContiguity;
        if (contiguity === 'nonDeterministic' || (contiguity === 'relaxed' && !accepted))
          keep({ ...run, stage: index, count, pinned: true, forbid });
      }
      const satisfied = count >= stage.min || (count === 0 && stage.optional);
      // Greedy: the PROCEED edge carries "not the take condition", so an acceptable event stays here.
      if (!pinned && satisfied && !(stage.greedy && accepted))
        visit(index + 1, 0, false, forbid, stage.greedy);
    };
    visit(run.stage, run.count, run.pinned, run.forbid, false);
  }

  private take(
    run: RunState,
    isStart: boolean,
    index: number,
    count: number,
    stage: TakeStage<E>,
    seq: number,
    event: E,
    keep: (run: RunState) => void,
    emit: Emit,
  ): void {
    const taken: TakenEvent[] = [...run.taken, [index, seq]];
    const startSeq = isStart ? seq : run.startSeq;
    const startTimestamp = isStart ? event.timestamp : run.startTimestamp;
    const full = count + 1 === stage.max;
    const nextIndex = full ? index + 1 : index;
    const nextCount = full ? 0 : count + 1;
    if (nextIndex === this.stages.length) {
      emit(taken, startSeq);
      return;
    }
    keep({ stage: nextIndex, count: nextCount, pinned: false, forbid: [], taken, startSeq, startTimestamp });
    if (this.endReachableWithoutEvents(nextIndex, nextCount)) emit(taken, startSeq);
  }

  /** Flink's findFinalStateAfterProceed: only skippable, non-greedy take stages lie before the end. */
  private endReachableWithoutEvents(index: number, count: number): boolean {
    for (let current = index; current < this.stages.length; current += 1) {
      const stage = this.stageAt(current);
      if (stage.kind !== 'take' || stage.greedy) return false;
      const countHere = current === index ? count : 0;
      if (!(countHere >= stage.min || (countHere === 0 && stage.optional))) return false;
    }
    return true;
  }

  /**
   * Flink's updateWithGreedyCondition: every transition of the stage after an unbounded greedy stage
   * also requires "not the greedy stage's condition", so while a run that just left the greedy stage
   * waits for this stage's first event, an event the greedy stage would accept kills the branch.
   */
  private greedyPredecessorClaims(
    index: number,
    lastTakenStage: number,
    event: E,
    context: ConditionContext<E>,
  ): boolean {
    const previous = this.stages[index - 1];
    if (previous?.kind !== 'take' || !previous.greedy || previous.max !== Number.POSITIVE_INFINITY)
      return false;
    return lastTakenStage === index - 1 && previous.condition(event, context);
  }

  private expire(state: KeyState<E>, time: number): NfaTimeout<E>[] {
    const within = this.pattern.withinMs;
    if (within === undefined) return [];
    const timeouts = new Map<string, { run: RunState }>();
    const alive: RunState[] = [];
    for (const run of state.runs) {
      // Flink's isStateTimedOut: `timestamp - startTimestamp >= windowTime`.
      if (time - run.startTimestamp >= within) {
        const key = takenKey(run.taken);
        if (!timeouts.has(key)) timeouts.set(key, { run });
      } else {
        alive.push(run);
      }
    }
    state.runs = alive;
    return [...timeouts.values()]
      .map(({ run }) => run)
      .sort((left, right) => left.startSeq - right.startSeq || compareTaken(left.taken, right.taken))
      .map((run) => ({
        events: this.materialize(state, run.taken),
        startTimestamp: run.startTimestamp,
        timedOutAt: run.startTimestamp + within,
      }));
  }

  /**
   * Emits completed matches. Without a skip strategy, all of them at once. With one, Flink's
   * processMatchesAccordingToSkipStrategy: a match leaves only when no run that started earlier is
   * alive, earliest start first, and each emitted match prunes runs and held matches per the strategy.
   */
  private release(state: KeyState<E>, out: NfaMatch<E>[]): void {
    state.pending.sort(
      (left, right) =>
        left.startSeq - right.startSeq ||
        left.completedSeq - right.completedSeq ||
        compareTaken(left.taken, right.taken),
    );
    const strategy = this.pattern.skipStrategy;
    if (strategy.kind === 'noSkip') {
      for (const match of state.pending) out.push(this.toMatch(state, match));
      state.pending = [];
      return;
    }
    for (;;) {
      const first = state.pending[0];
      if (first === undefined) return;
      const earliestRun = state.runs.reduce(
        (min, run) => Math.min(min, run.startSeq),
        Number.POSITIVE_INFINITY,
      );
      if (first.startSeq > earliestRun) return;
      state.pending.shift();
      out.push(this.toMatch(state, first));
      const boundary = pruneBoundary(
        strategy,
        first.taken.map(([stage, seq]) => [this.stageAt(stage).name, seq] as const),
      );
      if (boundary === undefined) continue;
      state.runs = state.runs.filter((run) => !isPruned(run.startSeq, boundary));
      state.pending = state.pending.filter((match) => !isPruned(match.startSeq, boundary));
    }
  }

  private toMatch(state: KeyState<E>, match: PendingMatchState): NfaMatch<E> {
    const events = this.materialize(state, match.taken);
    const first = state.events[String(match.startSeq)];
    return { events, startTimestamp: first?.timestamp ?? match.completedAt, completedAt: match.completedAt };
  }

  private materialize(state: KeyState<E>, taken: readonly TakenEvent[]): Record<string, E[]> {
    const events: Record<string, E[]> = {};
    for (const [stage, seq] of taken) {
      const event = state.events[String(seq)];
      if (event === undefined) continue; // unreachable: garbage collection keeps referenced events
      const name = this.stageAt(stage).name;
      (events[name] ??= []).push(event);
    }
    return events;
  }

  private contextFor(state: KeyState<E>, taken: readonly TakenEvent[]): ConditionContext<E> {
    let byName: Record<string, E[]> | undefined;
    return {
      events: (stageName) => {
        byName ??= this.materialize(state, taken);
        return byName[stageName] ?? [];
      },
    };
  }

  private collectGarbage(state: KeyState<E>): void {
    const referenced = new Set<string>();
    for (const run of state.runs) for (const [, seq] of run.taken) referenced.add(String(seq));
    for (const match of state.pending) for (const [, seq] of match.taken) referenced.add(String(seq));
    for (const seq of Object.keys(state.events)) if (!referenced.has(seq)) delete state.events[seq];
  }

  private stageAt(index: number): Stage<E> {
    const stage = this.stages[index];
    if (stage === undefined) throw new RangeError(`no stage ${index} in pattern '${this.pattern.id}'`);
    return stage;
  }
}
