import { CepError } from '../errors.js';
import { NFA } from '../nfa/NFA.js';
import type { Pattern, TimedEvent } from '../pattern/Pattern.js';

/** A pattern with the version of its definition (a file hash; '' for code patterns that never change). */
export interface VersionedPattern<E extends TimedEvent> {
  readonly pattern: Pattern<E>;
  readonly version: string;
}

/** A registered pattern with the NFA that runs it. */
export interface RegisteredPattern<E extends TimedEvent> extends VersionedPattern<E> {
  readonly nfa: NFA<E>;
}

/** What `replaceAll` did, by pattern id. */
export interface PatternChanges {
  readonly added: string[];
  readonly changed: string[];
  readonly removed: string[];
  readonly unchanged: string[];
}

/**
 * The patterns a CEP operator runs, replaceable while it runs. The operator keeps each key's partial
 * matches tagged with the version of the pattern that made them and drops them when the version it
 * finds here differs (or the pattern is gone), so a reload keeps in-flight partial matches of exactly
 * the patterns whose definition did not change.
 */
export class PatternRegistry<E extends TimedEvent> {
  private entries = new Map<string, RegisteredPattern<E>>();

  constructor(patterns: Iterable<Pattern<E> | VersionedPattern<E>> = []) {
    for (const item of patterns) {
      if ('stages' in item) this.register(item);
      else this.register(item.pattern, item.version);
    }
  }

  register(pattern: Pattern<E>, version = ''): void {
    if (this.entries.has(pattern.id))
      throw new CepError('PATTERN_ALREADY_REGISTERED', `pattern '${pattern.id}' is already registered`);
    this.entries.set(pattern.id, { pattern, version, nfa: new NFA(pattern) });
  }

  /** Removes the pattern; the operator drops its partial matches key by key. False when absent. */
  unregister(patternId: string): boolean {
    return this.entries.delete(patternId);
  }

  /**
   * Makes `patterns` the registered set, in their order. A pattern whose id and version are already
   * registered keeps its registration (and so its partial matches); any other is new or changed.
   */
  replaceAll(patterns: Iterable<VersionedPattern<E>>): PatternChanges {
    const next = new Map<string, RegisteredPattern<E>>();
    const changes: PatternChanges = { added: [], changed: [], removed: [], unchanged: [] };
    for (const { pattern, version } of patterns) {
      if (next.has(pattern.id))
        throw new CepError('PATTERN_ALREADY_REGISTERED', `pattern '${pattern.id}' is given twice`);
      const current = this.entries.get(pattern.id);
      if (current?.version === version) {
        next.set(pattern.id, current);
        changes.unchanged.push(pattern.id);
      } else {
        next.set(pattern.id, { pattern, version, nfa: new NFA(pattern) });
        (current === undefined ? changes.added : changes.changed).push(pattern.id);
      }
    }
    for (const id of this.entries.keys()) if (!next.has(id)) changes.removed.push(id);
    this.entries = next;
    return changes;
  }

  get(patternId: string): RegisteredPattern<E> | undefined {
    return this.entries.get(patternId);
  }

  list(): RegisteredPattern<E>[] {
    return [...this.entries.values()];
  }

  get size(): number {
    return this.entries.size;
  }
}
