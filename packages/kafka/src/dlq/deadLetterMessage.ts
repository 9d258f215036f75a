import type { KafkaMessage, Message } from 'kafkajs';

/**
 * The dead-letter copy of a record that cannot be processed: same key and value, its own headers kept,
 * plus where it came from and why it failed, so it can be inspected and re-driven to its origin.
 */
export function deadLetterMessage(
  origin: { topic: string; partition: number },
  message: KafkaMessage,
  error: Error,
  attempts = 1,
): Message {
  return {
    key: message.key,
    value: message.value,
    headers: {
      ...(message.headers ?? {}),
      'dlq-original-topic': origin.topic,
      'dlq-original-partition': String(origin.partition),
      'dlq-original-offset': message.offset,
      'dlq-original-timestamp': message.timestamp,
      'dlq-error-class': error.name,
      'dlq-error-message': error.message,
      'dlq-error-stack': (error.stack ?? '').slice(0, 4_000),
      'dlq-attempts': String(attempts),
      'dlq-first-failure': new Date().toISOString(),
    },
  };
}
