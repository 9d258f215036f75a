/**
 * How a stage treats events that arrive before the one it takes (Flink's consuming strategies):
 * - `strict` (`next`, `consecutive()`): no event may come in between;
 * - `relaxed` (`followedBy`, the default inside loops): events the stage's condition rejects are
 *   skipped, and the first event it accepts must be taken (SKIP_TILL_NEXT);
 * - `nonDeterministic` (`followedByAny`, `allowCombinations()`): any event may be skipped, so every
 *   later accepted event starts its own branch (SKIP_TILL_ANY).
 */
export type Contiguity = 'strict' | 'relaxed' | 'nonDeterministic';
