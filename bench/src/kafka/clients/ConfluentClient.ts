import type { BenchClient, ConsumeSpec, ProduceSpec, RunResult } from '../BenchClient.js';
import { ConsumeTally } from '../ConsumeTally.js';
import { pipelineSends } from '../pipelineSends.js';
import { withTimeout } from '../waitFor.js';
import type { ConfluentKafka, LoadedConfluent } from './confluentModule.js';

/** librdkafka's code for "partitions assigned" in rebalance_cb. */
const ASSIGN_PARTITIONS = -175;
/** The KafkaJS-compatible API's log level for errors only. */
const LOG_ERROR = 1;

/**
 * @confluentinc/kafka-javascript (librdkafka) through its KafkaJS-compatible API: an idempotent
 * producer (acks=all) whose batching is librdkafka's own (`linger.ms`, 0 for the no-linger rows: its
 * default is 5), fed one record per send() with up to `window` sends awaiting their ack; a
 * read_committed consumer reading with eachBatch from the earliest offset, its batches not capped at
 * the compatibility layer's default of 32 records.
 */
export class ConfluentClient implements BenchClient {
  readonly name = '@confluentinc/kafka-javascript';
  readonly version: string;
  private readonly kafka: ConfluentKafka;

  constructor(
    loaded: LoadedConfluent,
    brokers: readonly string[],
    private readonly consumeTimeoutMs: number,
  ) {
    this.version = `${loaded.version} (librdkafka ${loaded.module.librdkafkaVersion})`;
    this.kafka = new loaded.module.KafkaJS.Kafka({
      kafkaJS: { brokers: [...brokers], clientId: 'streamforge-bench-confluent', logLevel: LOG_ERROR },
    });
  }

  describeConsume(): string {
    return "KafkaJS-compatible consumer, eachBatch, 'js.consumer.max.batch.size': -1 (default 32)";
  }

  describeProduce(spec: Pick<ProduceSpec, 'lingerMs' | 'window'>): string {
    return `one record per send, up to ${spec.window} awaiting ack; librdkafka linger.ms=${spec.lingerMs}`;
  }

  async produce(spec: ProduceSpec): Promise<RunResult> {
    const producer = this.kafka.producer({
      'linger.ms': spec.lingerMs,
      kafkaJS: { idempotent: true, acks: -1, compression: spec.compression },
    });
    await producer.connect();
    try {
      const started = performance.now();
      const latency = await pipelineSends({
        records: spec.records,
        perSend: 1,
        inFlight: spec.window,
        send: (first) =>
          producer.send({ topic: spec.topic, messages: [{ value: spec.payloads.value(first) }] }),
      });
      const seconds = (performance.now() - started) / 1000;
      const summary = latency.summary();
      return {
        records: spec.records,
        bytes: spec.records * spec.recordSize,
        seconds,
        ...(summary ? { latency: summary } : {}),
      };
    } finally {
      await producer.disconnect();
    }
  }

  async consume(spec: ConsumeSpec): Promise<RunResult> {
    const tally = new ConsumeTally(spec.records);
    const consumer = this.kafka.consumer({
      rebalance_cb: (error) => {
        if (error.code === ASSIGN_PARTITIONS) tally.assigned();
      },
      'js.consumer.max.batch.size': -1,
      kafkaJS: { groupId: spec.groupId, fromBeginning: true, readUncommitted: false },
    });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [spec.topic] });
      const done = new Promise<void>((resolve, reject) => {
        consumer
          .run({
            eachBatch: async ({ batch }) => {
              let bytes = 0;
              for (const message of batch.messages) bytes += message.value?.length ?? 0;
              if (tally.add(batch.messages.length, bytes)) resolve();
            },
          })
          .catch(reject);
      });
      await withTimeout(
        done,
        this.consumeTimeoutMs,
        () =>
          `@confluentinc/kafka-javascript read ${tally.records} of ${spec.records} records of ${spec.topic}`,
      );
    } finally {
      await consumer.disconnect();
    }
    return tally.result();
  }

  async close(): Promise<void> {
    // Each run closes its own producer or consumer.
  }
}
