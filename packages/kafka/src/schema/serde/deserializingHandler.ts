import type { KafkaMessage } from 'kafkajs';
import type { RetryContext, RetryHandler } from '../../retry/runWithRetries.js';
import type { SchemaDeserializer } from './SchemaDeserializer.js';

/** A handler that is given the decoded value; `null` for a tombstone (a record without value). */
export type DeserializedRecordHandler<T> = (
  value: T | null,
  message: KafkaMessage,
  context: RetryContext,
) => Promise<void>;

/**
 * Adapts a handler of decoded values to runWithRetries. Decoding happens inside the handler, so its
 * failures take the retry runner's path by their `retriable` flag: a record that cannot be decoded
 * (SchemaDecodeError, UnknownSchemaIdError) goes straight to `<topic>.dlq` and its partition moves on,
 * while an unreachable registry (SchemaRegistryUnavailableError) sends the record through the retry tiers.
 */
export function deserializingHandler<T>(
  deserializer: SchemaDeserializer<T>,
  handler: DeserializedRecordHandler<T>,
): RetryHandler {
  return async (message, context) => {
    const value = message.value === null ? null : await deserializer.deserialize(message.value);
    await handler(value, message, context);
  };
}
