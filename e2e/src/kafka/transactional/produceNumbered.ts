import type { Kafka } from 'kafkajs';
import { createProducer } from '@streamforge/kafka';

/**
 * Writes values `0`..`count-1` round-robin over `partitions` partitions and waits for the acks.
 * `padBytes` adds a header of that size to each record: kafkajs fetches up to 1 MB per partition, so
 * padding is how a test gets many small batches (many transactions) out of few records.
 */
export async function produceNumbered(
  kafka: Kafka,
  topic: string,
  count: number,
  partitions: number,
  padBytes = 0,
): Promise<void> {
  const producer = createProducer(kafka);
  await producer.connect();
  const headers = padBytes > 0 ? { pad: 'x'.repeat(padBytes) } : undefined;
  try {
    // Small enough that one partition's share of a chunk stays under the broker's 1 MB batch limit.
    const chunk = 1_200;
    for (let start = 0; start < count; start += chunk) {
      const messages = Array.from({ length: Math.min(chunk, count - start) }, (_, i) => ({
        partition: (start + i) % partitions,
        value: String(start + i),
        ...(headers ? { headers } : {}),
      }));
      await producer.send({ topic, messages });
    }
  } finally {
    await producer.disconnect();
  }
}
