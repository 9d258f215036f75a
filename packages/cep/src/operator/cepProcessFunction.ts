import type { KeyedProcessContext, KeyedProcessFunction, MapState, OutputTag } from '@streamforge/stream';
import { mapState } from '@streamforge/stream';
import type { CepMatch, CepTimeout, LateEvent } from '../matcher/MatcherEvents.js';
import type { NfaOutput } from '../nfa/NfaResult.js';
import { type KeyState, emptyKeyState } from '../nfa/NfaState.js';
import type { TimedEvent } from '../pattern/Pattern.js';
import type { PatternRegistry, RegisteredPattern } from './PatternRegistry.js';

/** One key's partial matches of one pattern, tagged with the version of the pattern that made them. */
export interface PatternKeyState<E> {
  version: string;
  state: KeyState<E>;
}

export interface CepProcessOptions<E extends TimedEvent> {
  /** The patterns to run; replace them while the job runs with `patterns.replaceAll`. */
  patterns: PatternRegistry<E>;
  /** Partial matches that expired (`within`) go here; without a tag they are discarded. */
  timeouts?: OutputTag<CepTimeout<E>>;
  /** Events behind the watermark or behind their key's last event go here. */
  late?: OutputTag<LateEvent<E>>;
  /** Name of the keyed map state (pattern id → PatternKeyState); default `cep-runs`. */
  stateName?: string;
}

/**
 * The CEP operator for @streamforge/stream (Flink's CepOperator): on a keyed stream, runs every
 * registered pattern's NFA over each key's events and emits complete matches downstream.
 *
 * - State is per key and pattern: a map state entry (pattern id → the NFA's KeyState JSON), written only
 *   when that key's runs of that pattern change and deleted once they are idle, so the changelog carries
 *   the changed (key, pattern) pairs of a batch, never a whole-matcher snapshot.
 * - `within` is event time: an event-time timer at the earliest open run's start + within expires the
 *   key's runs once the watermark reaches it, emitting them to the `timeouts` side output.
 * - An event at or behind the watermark, or behind its key's last event while the key has open runs,
 *   goes to the `late` side output instead (events.enriched is in event-time order per key; the NFA
 *   needs that order).
 * - The stream's key is the match key: partial matches are per stream key, whatever a pattern's own
 *   keyBy says (PatternMatcher uses keyBy; here the keyed stream has already partitioned the events).
 *
 * On the same events and watermarks this emits what a PatternMatcher that is advanced to each new
 * watermark emits (the CepProcessFunction test checks it).
 */
export function cepProcessFunction<E extends TimedEvent, K extends string = string>(
  options: CepProcessOptions<E>,
): KeyedProcessFunction<E, K, CepMatch<E>> {
  const { patterns, timeouts, late } = options;
  const runs = mapState<PatternKeyState<E>>(options.stateName ?? 'cep-runs');
  type Context = KeyedProcessContext<K, CepMatch<E>>;

  /** The key's state of a registered pattern; state a different version of it made is dropped. */
  const stateOf = (handle: MapState<PatternKeyState<E>>, registered: RegisteredPattern<E>) => {
    const id = registered.pattern.id;
    const stored = handle.get(id);
    if (stored === undefined) return undefined;
    if (stored.version === registered.version) return stored.state;
    handle.delete(id);
    return undefined;
  };

  /** Drops the key's state of patterns that are no longer registered (a reload removed them). */
  const dropUnregistered = (handle: MapState<PatternKeyState<E>>) => {
    for (const id of handle.keys()) if (patterns.get(id) === undefined) handle.delete(id);
  };

  const publish = (ctx: Context, registered: RegisteredPattern<E>, output: NfaOutput<E>) => {
    const { id, name } = registered.pattern;
    if (timeouts !== undefined)
      for (const timeout of output.timeouts)
        ctx.output(timeouts, { patternId: id, key: ctx.key, ...timeout });
    for (const match of output.matches)
      ctx.emit({ patternId: id, patternName: name, key: ctx.key, ...match });
  };

  const store = (
    ctx: Context,
    handle: MapState<PatternKeyState<E>>,
    registered: RegisteredPattern<E>,
    state: KeyState<E>,
  ) => {
    const { id, withinMs } = registered.pattern;
    // Idle keys keep no state, as in PatternMatcher: state tracks open partial matches, not keys seen.
    if (registered.nfa.isIdle(state)) {
      handle.delete(id);
      return;
    }
    handle.put(id, { version: registered.version, state });
    if (withinMs !== undefined && state.runs.length > 0) {
      const earliest = state.runs.reduce((min, run) => Math.min(min, run.startTimestamp), Infinity);
      // Timers of one time are one timer; an obsolete one finds nothing due and costs one lookup.
      ctx.registerEventTimeTimer(earliest + withinMs);
    }
  };

  return {
    processElement: (event, ctx) => {
      const handle = ctx.state(runs);
      dropUnregistered(handle);
      for (const registered of patterns.list()) {
        const state = stateOf(handle, registered);
        const behind = Math.max(ctx.watermark, state?.lastTimestamp ?? Number.NEGATIVE_INFINITY);
        if (event.timestamp <= ctx.watermark || event.timestamp < behind) {
          if (late !== undefined)
            ctx.output(late, { patternId: registered.pattern.id, key: ctx.key, event, behind });
          continue;
        }
        const keyState = state ?? emptyKeyState<E>();
        publish(ctx, registered, registered.nfa.process(keyState, event));
        store(ctx, handle, registered, keyState);
      }
    },
    onTimer: (_time, ctx) => {
      const handle = ctx.state(runs);
      dropUnregistered(handle);
      // Registry order, not state order: a restored task iterates alike, so outputs keep their order.
      for (const registered of patterns.list()) {
        if (registered.pattern.withinMs === undefined) continue;
        const state = stateOf(handle, registered);
        if (state === undefined) continue;
        publish(ctx, registered, registered.nfa.advanceTime(state, ctx.watermark));
        store(ctx, handle, registered, state);
      }
    },
  };
}
