import type { KafkaMessage, Message } from 'kafkajs';

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
      'dlq-original-topic': origin.topic,
      'dlq-original-partition': String(origin.partition),
      'dlq-original-offset': provenance.offset ?? message.offset,
      'dlq-original-timestamp': provenance.timestamp ?? message.timestamp,
      // The record key is kept too, but a header survives tools that re-key or strip keys on re-drive.
      ...(message.key ? { 'dlq-original-key': message.key } : {}),
      'dlq-error-class': error.name,
      'dlq-error-message': error.message,
      'dlq-error-stack': (error.stack ?? '').slice(0, 4_000),
      'dlq-attempts': String(attempts),
      'dlq-first-failure': (provenance.firstFailureAt ?? new Date()).toISOString(),
    },
  };
}
