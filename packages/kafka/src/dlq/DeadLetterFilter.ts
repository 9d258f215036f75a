import type { DeadLetterRecord } from './DeadLetterRecord.js';
import { DeadLetterOptionsError } from './DeadLetterOptionsError.js';

/**
 * Which time `from`/`to` compare: when the record first failed (`dlq-first-failure`, falling back on
 * the DLQ timestamp when the header is missing), or when it was written to the DLQ.
 */
export type DeadLetterTimeField = 'firstFailure' | 'deadLettered';

/** Which dead letters to take; every field narrows, and an empty filter takes them all. */
export interface DeadLetterFilter {
  /** The error's class name (`dlq-error-class`), exactly. */
  errorClass?: string;
  /** Text the error message contains, ignoring case. */
  messageContains?: string;
  /** Inclusive lower bound on `timeField`. */
  from?: Date;
  /** Exclusive upper bound on `timeField`. */
  to?: Date;
  /** `firstFailure` by default: an outage is described by when records failed, not by their retries. */
  timeField?: DeadLetterTimeField;
  /** Only this DLQ partition. */
  partition?: number;
  /** true: only dead letters re-driven before; false: only those never re-driven. */
  redriven?: boolean;
}

/** Fails with one message naming the first bad field; a filter that passes this is safe to apply. */
export function validateDeadLetterFilter(filter: DeadLetterFilter): void {
  for (const field of ['from', 'to'] as const) {
    const value = filter[field];
    if (value !== undefined && !(value instanceof Date && !Number.isNaN(value.getTime())))
      throw new DeadLetterOptionsError(`${field} must be a valid Date`);
  }
  if (filter.from && filter.to && filter.from.getTime() >= filter.to.getTime())
    throw new DeadLetterOptionsError(
      `from (${filter.from.toISOString()}) must be before to (${filter.to.toISOString()})`,
    );
  if (filter.partition !== undefined && !(Number.isInteger(filter.partition) && filter.partition >= 0))
    throw new DeadLetterOptionsError(`partition must be an integer >= 0, got ${filter.partition}`);
  if (filter.timeField !== undefined && !['firstFailure', 'deadLettered'].includes(filter.timeField))
    throw new DeadLetterOptionsError(
      `timeField must be 'firstFailure' or 'deadLettered', got '${String(filter.timeField)}'`,
    );
  if (filter.errorClass === '') throw new DeadLetterOptionsError('errorClass must not be empty');
}

/** The time `filter.from`/`filter.to` compare for `record`. */
export function filteredTime(record: DeadLetterRecord, field: DeadLetterTimeField = 'firstFailure'): Date {
  return field === 'firstFailure' ? (record.firstFailureAt ?? record.deadLetteredAt) : record.deadLetteredAt;
}

export function matchesDeadLetterFilter(record: DeadLetterRecord, filter: DeadLetterFilter): boolean {
  if (filter.partition !== undefined && record.partition !== filter.partition) return false;
  if (filter.errorClass !== undefined && record.errorClass !== filter.errorClass) return false;
  if (
    filter.messageContains !== undefined &&
    !(record.errorMessage ?? '').toLowerCase().includes(filter.messageContains.toLowerCase())
  )
    return false;
  const time = filteredTime(record, filter.timeField).getTime();
  if (filter.from !== undefined && time < filter.from.getTime()) return false;
  if (filter.to !== undefined && time >= filter.to.getTime()) return false;
  if (filter.redriven !== undefined && record.redrives.length > 0 !== filter.redriven) return false;
  return true;
}
