import type { IHeaders } from 'kafkajs';

/**
 * Headers a dead letter carries on `<topic>.dlq`: where the record came from and why it failed. One
 * list, read by the writer (`deadLetterMessage`) and by the readers (listing and re-drive), so the two
 * sides cannot drift apart.
 */
export const DEAD_LETTER_HEADERS = {
  originalTopic: 'dlq-original-topic',
  originalPartition: 'dlq-original-partition',
  originalOffset: 'dlq-original-offset',
  /** Epoch milliseconds, as kafkajs gives a record's timestamp. */
  originalTimestamp: 'dlq-original-timestamp',
  originalKey: 'dlq-original-key',
  errorClass: 'dlq-error-class',
  errorMessage: 'dlq-error-message',
  errorStack: 'dlq-error-stack',
  /** Deliveries the record had before it was dead-lettered. */
  attempts: 'dlq-attempts',
  /** ISO time of the first failure. */
  firstFailure: 'dlq-first-failure',
} as const;

/**
 * Every header the DLQ machinery owns starts with this: such headers describe a dead letter or a
 * re-drive of one, and are not part of the record that the origin topic's consumers expect.
 */
export const DEAD_LETTER_HEADER_PREFIX = 'dlq-';

/** A header's first value as text; kafkajs hands headers as Buffers, possibly repeated. */
export function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const single = Array.isArray(value) ? value[0] : value;
  return single === undefined ? undefined : single.toString();
}

/** A header holding a time, in epoch milliseconds or ISO-8601, as a Date; null when absent or unreadable. */
export function headerTime(headers: IHeaders | undefined, name: string): Date | null {
  const text = headerText(headers, name);
  if (text === undefined || text === '') return null;
  const date = /^\d+$/.test(text) ? new Date(Number(text)) : new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}
