import { createKafkaClient, createProducer } from '@streamforge/kafka';
import type { ConsumerRecord } from '@streamforge/kafka';
import { startKafka, uniqueName } from '@streamforge/testing';
import type { Admin, Kafka, Message } from 'kafkajs';

/** One handler run as the test saw it. `seq` numbers are one clock for starts and ends. */
export interface HandledRecord {
  partition: number;
  offset: number;
  key: string | null;
  value: string;
  startSeq: number;
  endSeq: number;
  startedAt: number;
  endedAt: number;
}

/**
 * A uniquely named topic and group on the shared test Kafka, with a recorder of handler runs that
 * tracks how many run at once.
 */
export class ConsumerScenario {
  readonly topic: string;
  readonly groupId: string;
  readonly handled: HandledRecord[] = [];
  running = 0;
  maxRunning = 0;
  private seq = 0;

  private constructor(
    readonly kafka: Kafka,
    readonly admin: Admin,
    prefix: string,
  ) {
    this.topic = uniqueName(prefix);
    this.groupId = uniqueName(`${prefix}-group`);
  }

  static async start(prefix: string, partitions: number): Promise<ConsumerScenario> {
    const { brokers } = await startKafka();
    const kafka = createKafkaClient({ brokers, clientId: uniqueName(prefix) });
    const admin = kafka.admin();
    await admin.connect();
    const scenario = new ConsumerScenario(kafka, admin, prefix);
    await admin.createTopics({
      topics: [{ topic: scenario.topic, numPartitions: partitions }],
      waitForLeaders: true,
    });
    return scenario;
  }

  /** Writes `messages` with the idempotent producer, or in transactions of `perTransaction` records. */
  async produce(messages: Message[], perTransaction?: number): Promise<void> {
    if (perTransaction === undefined) {
      const producer = createProducer(this.kafka);
      await producer.connect();
      try {
        await producer.send({ topic: this.topic, messages });
      } finally {
        await producer.disconnect();
      }
      return;
    }
    const producer = createProducer(this.kafka, { transactionalId: uniqueName(`${this.topic}-tx`) });
    await producer.connect();
    try {
      for (let start = 0; start < messages.length; start += perTransaction) {
        const transaction = await producer.transaction();
        await transaction.send({
          topic: this.topic,
          messages: messages.slice(start, start + perTransaction),
        });
        await transaction.commit();
      }
    } finally {
      await producer.disconnect();
    }
  }

  /** Wraps a handler body so that every run is recorded with its start and end. */
  record(work: (record: ConsumerRecord) => Promise<void>): (record: ConsumerRecord) => Promise<void> {
    return async (record) => {
      const startSeq = this.seq++;
      const startedAt = Date.now();
      this.running++;
      this.maxRunning = Math.max(this.maxRunning, this.running);
      try {
        await work(record);
      } finally {
        this.running--;
      }
      this.handled.push({
        partition: record.partition,
        offset: Number(record.message.offset),
        key: record.message.key === null ? null : record.message.key.toString(),
        value: record.message.value?.toString() ?? '',
        startSeq,
        endSeq: this.seq++,
        startedAt,
        endedAt: Date.now(),
      });
    };
  }

  /** The group's committed offset per partition (-1 when none). */
  async committedOffsets(): Promise<Map<number, number>> {
    const [entry] = await this.admin.fetchOffsets({ groupId: this.groupId, topics: [this.topic] });
    return new Map((entry?.partitions ?? []).map(({ partition, offset }) => [partition, Number(offset)]));
  }

  /** The log end offset (high watermark) per partition. */
  async endOffsets(): Promise<Map<number, number>> {
    const offsets = await this.admin.fetchTopicOffsets(this.topic);
    return new Map(offsets.map(({ partition, high }) => [partition, Number(high)]));
  }

  close(): Promise<void> {
    return this.admin.disconnect();
  }
}

/** Values handled more than once. */
export function repeated(values: readonly string[]): string[] {
  const seen = new Set<string>();
  return values.filter((value) => (seen.has(value) ? true : (seen.add(value), false)));
}

/** Resolves after `ms`: the simulated work of a handler. */
export function work(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
