/**
 * What happens to other partial and completed matches once a match is emitted (Flink's
 * AfterMatchSkipStrategy). Plain data, so a pattern's strategy can come from a file.
 */
export type AfterMatchSkipStrategy =
  | { readonly kind: 'noSkip' }
  | { readonly kind: 'skipToNext' }
  | { readonly kind: 'skipPastLastEvent' }
  | { readonly kind: 'skipToFirst'; readonly stage: string }
  | { readonly kind: 'skipToLast'; readonly stage: string };

export const AfterMatchSkip = {
  /** Every match is emitted. */
  noSkip: (): AfterMatchSkipStrategy => ({ kind: 'noSkip' }),
  /** Discards matches that started at the same event as the emitted one. */
  skipToNext: (): AfterMatchSkipStrategy => ({ kind: 'skipToNext' }),
  /** Discards every match that started before the emitted one ended. */
  skipPastLastEvent: (): AfterMatchSkipStrategy => ({ kind: 'skipPastLastEvent' }),
  /** Discards matches that started before the first event of `stage` in the emitted one. */
  skipToFirst: (stage: string): AfterMatchSkipStrategy => ({ kind: 'skipToFirst', stage }),
  /** Discards matches that started before the last event of `stage` in the emitted one. */
  skipToLast: (stage: string): AfterMatchSkipStrategy => ({ kind: 'skipToLast', stage }),
} as const;
