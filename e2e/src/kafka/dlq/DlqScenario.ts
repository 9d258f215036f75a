import { createKafkaClient, createProducer, deadLetterTopicName, retryTopicName } from '@streamforge/kafka';
import { startKafka, uniqueName, waitFor } from '@streamforge/testing';
import type { Admin, IHeaders, Kafka, Producer } from 'kafkajs';

/** A record read back from a topic, with text key, value and headers. */
export interface ReadBack {
  partition: number;
  offset: string;
  timestamp: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

export function headerStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const single = Array.isArray(value) ? value[0] : value;
    if (single !== undefined) out[name] = single.toString();
  }
  return out;
}

/** End offsets per partition, as `partition -> offset`. */
export type EndOffsets = Map<number, bigint>;

/**
 * An origin topic with one retry tier and its DLQ, uniquely named, on the shared test Kafka, plus the
 * reads the DLQ tests check against: end offsets and the records written since given offsets.
 */
export class DlqScenario {
  readonly topic: string;
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly brokers: string[];
  readonly producer: Producer;

  private constructor(kafka: Kafka, admin: Admin, brokers: string[], topic: string) {
    this.kafka = kafka;
    this.admin = admin;
    this.brokers = brokers;
    this.topic = topic;
    this.producer = createProducer(kafka);
  }

  static async start(prefix: string, partitions = 3): Promise<DlqScenario> {
    const { brokers } = await startKafka();
    const kafka = createKafkaClient({ brokers, clientId: uniqueName(prefix) });
    const admin = kafka.admin();
    await admin.connect();
    const scenario = new DlqScenario(kafka, admin, brokers, uniqueName(prefix));
    await admin.createTopics({
      topics: [scenario.topic, scenario.retryTopic, scenario.deadLetterTopic].map((topic) => ({
        topic,
        numPartitions: partitions,
      })),
      waitForLeaders: true,
    });
    await scenario.producer.connect();
    return scenario;
  }

  get retryTopic(): string {
    return retryTopicName(this.topic, 1);
  }

  get deadLetterTopic(): string {
    return deadLetterTopicName(this.topic);
  }

  async endOffsets(topic: string): Promise<EndOffsets> {
    const offsets = await this.admin.fetchTopicOffsets(topic);
    return new Map(offsets.map(({ partition, high }) => [partition, BigInt(high)]));
  }

  /** Records on `topic`, transaction markers aside, between the offsets given and the current end. */
  async readSince(topic: string, since: EndOffsets): Promise<ReadBack[]> {
    const ends = await this.endOffsets(topic);
    const records: ReadBack[] = [];
    const positions = new Map<number, bigint>();
    const consumer = this.kafka.consumer({
      groupId: uniqueName('dlq-test-reader'),
      readUncommitted: false,
      maxWaitTimeInMs: 250,
    });
    // Also fires for batches of markers only, which never reach eachBatch: how the reader knows it is past them.
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      positions.set(payload.partition, BigInt(payload.lastOffset) + 1n);
    });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachBatch: async ({ batch }) => {
          for (const message of batch.messages) {
            const offset = BigInt(message.offset);
            if (offset < (since.get(batch.partition) ?? 0n) || offset >= (ends.get(batch.partition) ?? 0n))
              continue;
            records.push({
              partition: batch.partition,
              offset: message.offset,
              timestamp: message.timestamp,
              key: message.key?.toString() ?? null,
              value: message.value?.toString() ?? null,
              headers: headerStrings(message.headers),
            });
          }
        },
      });
      await waitFor(
        () =>
          [...ends].every(
            ([partition, end]) =>
              end <= (since.get(partition) ?? 0n) || (positions.get(partition) ?? 0n) >= end,
          ),
        { timeoutMs: 20_000, description: `a reader to reach the end of ${topic}` },
      );
    } finally {
      await consumer.disconnect();
    }
    return records;
  }

  /** Records ever written to the DLQ (markers included), from the broker's offsets. */
  async recordCount(topic: string): Promise<number> {
    const offsets = await this.admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, { high, low }) => sum + Number(high) - Number(low), 0);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
  }
}
