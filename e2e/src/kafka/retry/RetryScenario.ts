import { createKafkaClient, deadLetterTopicName, retryTopicName } from '@streamforge/kafka';
import { startKafka, uniqueName } from '@streamforge/testing';
import type { Admin, Consumer, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import type { RetryContext } from '@streamforge/kafka';

/** One call of the handler under test, with when it happened. */
export interface Delivery {
  key: string;
  value: string;
  context: RetryContext;
  at: number;
  headers: Record<string, string>;
  timestamp: string;
}

/** A record read back from a dead-letter or retry topic, with when it was read. */
export interface ReadRecord {
  key: string;
  value: string;
  headers: Record<string, string>;
  partition: number;
  at: number;
}

export function headerStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const single = Array.isArray(value) ? value[0] : value;
    if (single !== undefined) out[name] = single.toString();
  }
  return out;
}

export function delivery(message: KafkaMessage, context: RetryContext): Delivery {
  return {
    key: message.key?.toString() ?? '',
    value: message.value?.toString() ?? '',
    context,
    at: Date.now(),
    headers: headerStrings(message.headers),
    timestamp: message.timestamp,
  };
}

/**
 * A main topic with its three retry tiers and DLQ, uniquely named, on the shared test Kafka, plus a
 * reader for what lands on any of them.
 */
export class RetryScenario {
  readonly topic: string;
  readonly groupId: string;
  readonly kafka: Kafka;
  readonly admin: Admin;
  private readonly readers: Consumer[] = [];

  private constructor(kafka: Kafka, admin: Admin, prefix: string) {
    this.kafka = kafka;
    this.admin = admin;
    this.topic = uniqueName(prefix);
    this.groupId = uniqueName(`${prefix}-group`);
  }

  static async start(prefix: string, partitions = 3): Promise<RetryScenario> {
    const { brokers } = await startKafka();
    const kafka = createKafkaClient({ brokers, clientId: uniqueName(prefix) });
    const admin = kafka.admin();
    await admin.connect();
    const scenario = new RetryScenario(kafka, admin, prefix);
    await admin.createTopics({
      topics: scenario.allTopics().map((topic) => ({ topic, numPartitions: partitions })),
      waitForLeaders: true,
    });
    return scenario;
  }

  retryTopic(n: number): string {
    return retryTopicName(this.topic, n);
  }

  get deadLetterTopic(): string {
    return deadLetterTopicName(this.topic);
  }

  allTopics(): string[] {
    return [this.topic, this.retryTopic(1), this.retryTopic(2), this.retryTopic(3), this.deadLetterTopic];
  }

  /** Everything that is and will be written to `topic`, in arrival order. */
  async read(topic: string): Promise<ReadRecord[]> {
    const records: ReadRecord[] = [];
    const consumer = this.kafka.consumer({ groupId: uniqueName('reader') });
    this.readers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        records.push({
          key: message.key?.toString() ?? '',
          value: message.value?.toString() ?? '',
          headers: headerStrings(message.headers),
          partition,
          at: Date.now(),
        });
      },
    });
    return records;
  }

  /** Records ever written to `topic`, from the broker's offsets (nothing is deleted in a test). */
  async recordCount(topic: string): Promise<number> {
    const offsets = await this.admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, { high, low }) => sum + Number(high) - Number(low), 0);
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.readers.map((reader) => reader.disconnect()));
    await this.admin.disconnect();
  }
}
