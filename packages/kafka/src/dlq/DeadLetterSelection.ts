import type { DeadLetterFilter } from './DeadLetterFilter.js';
import { validateDeadLetterFilter } from './DeadLetterFilter.js';
import { DeadLetterOptionsError } from './DeadLetterOptionsError.js';

/** Where one dead letter is on the DLQ. */
export interface DeadLetterPosition {
  partition: number;
  offset: string;
}

/**
 * Which dead letters to re-drive: those the filter takes, or exactly the listed positions (which the
 * filter fields, when given, still narrow). An empty selection takes every dead letter.
 */
export interface DeadLetterSelection extends DeadLetterFilter {
  offsets?: readonly DeadLetterPosition[];
}

export function positionKey(position: DeadLetterPosition): string {
  // Offsets are compared as numbers: "007" and "7" name the same record.
  return `${position.partition}:${BigInt(position.offset)}`;
}

/** Fails with one message naming the first bad field or position. */
export function validateDeadLetterSelection(selection: DeadLetterSelection): void {
  validateDeadLetterFilter(selection);
  if (selection.offsets === undefined) return;
  if (selection.offsets.length === 0)
    throw new DeadLetterOptionsError('offsets must list at least one partition:offset when given');
  for (const { partition, offset } of selection.offsets) {
    if (!(Number.isInteger(partition) && partition >= 0))
      throw new DeadLetterOptionsError(`offsets: partition must be an integer >= 0, got ${partition}`);
    if (!/^\d+$/.test(offset))
      throw new DeadLetterOptionsError(`offsets: offset must be a non-negative integer, got '${offset}'`);
  }
}
