import type { StreamEvent } from '@streamforge/stream';
import { CepError, SnapshotRestoreError } from '../errors.js';
import { NFA } from '../nfa/NFA.js';
import type { NfaOutput } from '../nfa/NfaResult.js';
import { type KeyState, emptyKeyState } from '../nfa/NfaState.js';
import type { Pattern, TimedEvent } from '../pattern/Pattern.js';
import type { MatcherEvents } from './MatcherEvents.js';
import { MATCHER_SNAPSHOT_VERSION, type MatcherSnapshot } from './MatcherSnapshot.js';

type Listener<T> = (value: T) => void;

interface Registration<E extends TimedEvent> {
  readonly pattern: Pattern<E>;
  readonly nfa: NFA<E>;
  readonly keys: Map<string, KeyState<E>>;
}

/**
 * Runs any number of patterns over one event stream, each partitioned by its own keyBy. Input must be
 * in event-time order per key (events.enriched guarantees it); an event at/behind the watermark (as in
 * Flink's CepOperator) or behind its key's last event while that key has open runs goes to the `late`
 * output instead of corrupting the runs. Idle keys keep no state, so their order is the watermark's.
 */
export class PatternMatcher<E extends TimedEvent = StreamEvent> {
  private readonly registrations = new Map<string, Registration<E>>();
  private readonly listeners: { [K in keyof MatcherEvents<E>]: Set<Listener<MatcherEvents<E>[K]>> } = {
    match: new Set(),
    timeout: new Set(),
    late: new Set(),
  };
  private watermark = Number.NEGATIVE_INFINITY;

  registerPattern(pattern: Pattern<E>): void {
    if (this.registrations.has(pattern.id))
      throw new CepError('PATTERN_ALREADY_REGISTERED', `pattern '${pattern.id}' is already registered`);
    this.registrations.set(pattern.id, { pattern, nfa: new NFA(pattern), keys: new Map() });
  }

  /** Removes the pattern and drops its partial matches; false when it was not registered. */
  unregisterPattern(patternId: string): boolean {
    return this.registrations.delete(patternId);
  }

  patterns(): Pattern<E>[] {
    return [...this.registrations.values()].map((registration) => registration.pattern);
  }

  /** Subscribes; returns the unsubscribe function. */
  on<K extends keyof MatcherEvents<E>>(event: K, listener: Listener<MatcherEvents<E>[K]>): () => void {
    const set = this.listeners[event] as Set<Listener<MatcherEvents<E>[K]>>;
    set.add(listener);
    return () => set.delete(listener);
  }

  process(event: E): void {
    for (const registration of this.registrations.values()) {
      const { pattern, nfa, keys } = registration;
      const key = pattern.keyBy(event);
      const state = keys.get(key);
      const behind = Math.max(this.watermark, state?.lastTimestamp ?? Number.NEGATIVE_INFINITY);
      if (event.timestamp <= this.watermark || event.timestamp < behind) {
        this.emit('late', { patternId: pattern.id, key, event, behind });
        continue;
      }
      const keyState = state ?? emptyKeyState<E>();
      this.publish(registration, key, nfa.process(keyState, event));
      this.store(registration, key, keyState);
    }
  }

  /** Advances event time for every key: expires runs past `within`, releasing what they held back. */
  advanceTime(watermark: number): void {
    if (watermark <= this.watermark) return;
    this.watermark = watermark;
    for (const registration of this.registrations.values()) {
      if (registration.pattern.withinMs === undefined) continue;
      for (const [key, state] of [...registration.keys]) {
        this.publish(registration, key, registration.nfa.advanceTime(state, watermark));
        this.store(registration, key, state);
      }
    }
  }

  /** Open partial matches across all patterns and keys (for metrics and memory bounds). */
  openPartialMatches(): number {
    let total = 0;
    for (const registration of this.registrations.values())
      for (const state of registration.keys.values()) total += state.runs.length;
    return total;
  }

  snapshot(): MatcherSnapshot<E> {
    const patterns: MatcherSnapshot<E>['patterns'] = {};
    for (const [id, registration] of this.registrations)
      patterns[id] = Object.fromEntries(registration.keys) as Record<string, KeyState<E>>;
    const watermark =
      this.watermark === Number.POSITIVE_INFINITY
        ? 'end'
        : Number.isFinite(this.watermark)
          ? this.watermark
          : null;
    // A JSON round trip both deep-copies and proves the state is plain JSON.
    return JSON.parse(
      JSON.stringify({ version: MATCHER_SNAPSHOT_VERSION, watermark, patterns }),
    ) as MatcherSnapshot<E>;
  }

  /**
   * Replaces the in-flight state with a snapshot's. Patterns must be registered first; state of
   * patterns no longer registered is skipped and their ids returned, so a reload can drop them.
   */
  restore(snapshot: MatcherSnapshot<E>): string[] {
    if (snapshot?.version !== MATCHER_SNAPSHOT_VERSION || typeof snapshot.patterns !== 'object')
      throw new SnapshotRestoreError(`not a version ${MATCHER_SNAPSHOT_VERSION} matcher snapshot`);
    const copy = JSON.parse(JSON.stringify(snapshot)) as MatcherSnapshot<E>;
    const skipped: string[] = [];
    for (const [id, keys] of Object.entries(copy.patterns)) {
      const registration = this.registrations.get(id);
      if (registration === undefined) {
        skipped.push(id);
        continue;
      }
      registration.keys.clear();
      for (const [key, state] of Object.entries(keys)) registration.keys.set(key, state);
    }
    this.watermark =
      copy.watermark === 'end'
        ? Number.POSITIVE_INFINITY
        : copy.watermark === null
          ? Number.NEGATIVE_INFINITY
          : copy.watermark;
    return skipped;
  }

  private store(registration: Registration<E>, key: string, state: KeyState<E>): void {
    // Idle keys are dropped so memory tracks open partial matches, not every key ever seen.
    if (registration.nfa.isIdle(state)) registration.keys.delete(key);
    else registration.keys.set(key, state);
  }

  private publish(registration: Registration<E>, key: string, output: NfaOutput<E>): void {
    const { id, name } = registration.pattern;
    for (const timeout of output.timeouts) this.emit('timeout', { patternId: id, key, ...timeout });
    for (const match of output.matches)
      this.emit('match', { patternId: id, patternName: name, key, ...match });
  }

  private emit<K extends keyof MatcherEvents<E>>(event: K, value: MatcherEvents<E>[K]): void {
    const set = this.listeners[event] as Set<Listener<MatcherEvents<E>[K]>>;
    for (const listener of set) listener(value);
  }
}
