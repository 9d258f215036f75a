import type { DeadLetterRecord } from './DeadLetterRecord.js';
import { matchesDeadLetterFilter } from './DeadLetterFilter.js';
import type { DeadLetterPosition, DeadLetterSelection } from './DeadLetterSelection.js';
import { positionKey } from './DeadLetterSelection.js';

/**
 * Why a dead letter in view was not re-driven: it was re-driven before (and repeats were not allowed),
 * it does not say where it came from, or it was listed by offset but the filter fields exclude it.
 */
export type RedriveSkipReason = 'already-redriven' | 'no-origin-topic' | 'not-selected';

export interface SkippedDeadLetter {
  deadLetter: DeadLetterRecord;
  reason: RedriveSkipReason;
}

export interface RedrivePlan {
  /** Dead letters to send back, in the order given. */
  toSend: DeadLetterRecord[];
  skipped: SkippedDeadLetter[];
  /** Listed positions that hold no dead letter. */
  missing: DeadLetterPosition[];
}

/**
 * Decides what a re-drive sends, from the dead letters read (with their recorded re-drives): what the
 * selection takes, less what was re-driven before unless `allowRepeat`, less what has no origin.
 * Listed positions that were read but not selected are reported, never dropped silently.
 */
export function planRedrive(
  deadLetters: readonly DeadLetterRecord[],
  selection: DeadLetterSelection,
  allowRepeat: boolean,
): RedrivePlan {
  const listed = selection.offsets ? new Map(selection.offsets.map((p) => [positionKey(p), p])) : undefined;
  const plan: RedrivePlan = { toSend: [], skipped: [], missing: [] };
  for (const deadLetter of deadLetters) {
    const key = positionKey(deadLetter);
    if (listed && !listed.has(key)) continue;
    listed?.delete(key);
    if (!matchesDeadLetterFilter(deadLetter, selection)) {
      if (listed) plan.skipped.push({ deadLetter, reason: 'not-selected' });
    } else if (deadLetter.redrives.length > 0 && !allowRepeat)
      plan.skipped.push({ deadLetter, reason: 'already-redriven' });
    else if (deadLetter.originTopic === null) plan.skipped.push({ deadLetter, reason: 'no-origin-topic' });
    else plan.toSend.push(deadLetter);
  }
  plan.missing = [...(listed?.values() ?? [])];
  return plan;
}
