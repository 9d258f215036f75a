import type { KeyState } from '../nfa/NfaState.js';

export const MATCHER_SNAPSHOT_VERSION = 1;

/**
 * Everything in flight, as plain JSON: per pattern, per key, the runs, held-back matches and the events
 * they reference. Patterns themselves are code or files and are registered again before restore.
 */
export interface MatcherSnapshot<E> {
  version: typeof MATCHER_SNAPSHOT_VERSION;
  /** null before the first watermark; END_OF_INPUT is kept as the string 'end'. */
  watermark: number | 'end' | null;
  patterns: Record<string, Record<string, KeyState<E>>>;
}
