import type { Message } from 'kafkajs';

/**
 * The partition the caller chose, if any. kafkajs asks the partitioner even for messages that name
 * their partition, and the Java producer never overrides such a choice, so every partitioner here
 * returns it unchanged (unvalidated, as kafkajs' own partitioners do: the broker rejects bad ones).
 */
export function explicitPartition(message: Message): number | undefined {
  return message.partition === null || message.partition === undefined ? undefined : message.partition;
}
