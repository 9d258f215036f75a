import type { AfterMatchSkipStrategy } from './AfterMatchSkipStrategy.js';

/**
 * Which started matches an emitted match discards: those whose first event sequence number is below
 * `seq` (or equal to it when `inclusive`). Mirrors Flink's SkipPastLast/SkipToNext (`<=` the last/first
 * event) and SkipToFirst/SkipToLast (`<` the named event). Undefined: nothing is pruned (no-skip, or
 * the named stage took no event in this match, which Flink by default does not treat as an error).
 */
export interface PruneBoundary {
  readonly seq: number;
  readonly inclusive: boolean;
}

/** `taken` is the emitted match as (stage name, event sequence number) pairs in event order. */
export function pruneBoundary(
  strategy: AfterMatchSkipStrategy,
  taken: ReadonlyArray<readonly [string, number]>,
): PruneBoundary | undefined {
  const seqs = taken.map(([, seq]) => seq);
  switch (strategy.kind) {
    case 'noSkip':
      return undefined;
    case 'skipToNext':
      return seqs.length === 0 ? undefined : { seq: Math.min(...seqs), inclusive: true };
    case 'skipPastLastEvent':
      return seqs.length === 0 ? undefined : { seq: Math.max(...seqs), inclusive: true };
    case 'skipToFirst':
    case 'skipToLast': {
      const named = taken.filter(([name]) => name === strategy.stage).map(([, seq]) => seq);
      if (named.length === 0) return undefined;
      const seq = strategy.kind === 'skipToFirst' ? Math.min(...named) : Math.max(...named);
      return { seq, inclusive: false };
    }
  }
}

export function isPruned(startSeq: number, boundary: PruneBoundary): boolean {
  return boundary.inclusive ? startSeq <= boundary.seq : startSeq < boundary.seq;
}
