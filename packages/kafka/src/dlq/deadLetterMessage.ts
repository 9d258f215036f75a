import type { KafkaMessage, Message } from 'kafkajs';
import { DEAD_LETTER_HEADERS } from './deadLetterHeaders.js';

/**
 * Where a dead letter really came from, when that is not the record in hand: a record that failed on
 * `<topic>.retry.<n>` is a copy, and the DLQ must point at the original offset and timestamp so that
 * it can be traced and re-driven.
 */
export interface DeadLetterProvenance {
  offset?: string;
  timestamp?: string;
  /** When the record first failed; defaults to now (a record that failed once). */
  firstFailureAt?: Date;
}

/**
 * The dead-letter copy of a record that cannot be processed: same key and value, its own headers kept,
 * plus where it came from and why it failed, so it can be inspected and re-driven to its origin.
 */
export function deadLetterMessage(
  origin: { topic: string; partition: number },
  message: KafkaMessage,
  error: Error,
  attempts = 1,
  provenance: DeadLetterProvenance = {},
): Message {
  return {
    key: message.key,
    value: message.value,
    headers: {
      ...(message.headers ?? {}),
      [DEAD_LETTER_HEADERS.originalTopic]: origin.topic,
      [DEAD_LETTER_HEADERS.originalPartition]: String(origin.partition),
      [DEAD_LETTER_HEADERS.originalOffset]: provenance.offset ?? message.offset,
      [DEAD_LETTER_HEADERS.originalTimestamp]: provenance.timestamp ?? message.timestamp,
      // The record key is kept too, but a header survives tools that re-key or strip keys on re-drive.
      ...(message.key ? { [DEAD_LETTER_HEADERS.originalKey]: message.key } : {}),
      [DEAD_LETTER_HEADERS.errorClass]: error.name,
      [DEAD_LETTER_HEADERS.errorMessage]: error.message,
      [DEAD_LETTER_HEADERS.errorStack]: (error.stack ?? '').slice(0, 4_000),
      [DEAD_LETTER_HEADERS.attempts]: String(attempts),
      [DEAD_LETTER_HEADERS.firstFailure]: (provenance.firstFailureAt ?? new Date()).toISOString(),
    },
  };
}
