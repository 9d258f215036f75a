import { createConsumer, createKafkaClient, createProducer } from '@streamforge/kafka';
import type { Kafka, Message } from 'kafkajs';
import type { BenchClient, ConsumeSpec, ProduceSpec, RunResult } from '../BenchClient.js';
import { ConsumeTally } from '../ConsumeTally.js';
import { packageVersion } from '../packageVersion.js';
import { pipelineSends } from '../pipelineSends.js';
import { findCreateBatchingProducer } from './streamforgeBatching.js';
import type { CreateBatchingProducer } from './streamforgeBatching.js';
import { withTimeout } from '../waitFor.js';

/**
 * kafkajs through StreamForge's own factories (createKafkaClient, createProducer: idempotent,
 * acks=all, murmur2 partitioner; createConsumer: read_committed), i.e. what the services run.
 *
 * kafkajs has no linger: each send() is one produce request. Without linger every record is its own
 * send (up to `window` awaiting their ack). With linger, records go one per call through StreamForge's
 * batching producer when @streamforge/kafka exports it, and otherwise the caller hands kafkajs
 * batches of `batchRecords` records per send.
 */
export class KafkajsClient implements BenchClient {
  readonly name = 'kafkajs';
  readonly version = packageVersion('kafkajs');
  private readonly kafka: Kafka;

  constructor(
    brokers: readonly string[],
    private readonly consumeTimeoutMs: number,
    private readonly createBatchingProducer:
      CreateBatchingProducer | undefined = findCreateBatchingProducer(),
  ) {
    this.kafka = createKafkaClient({ brokers, clientId: 'streamforge-bench-kafkajs' });
  }

  describeConsume(): string {
    return 'createConsumer (read_committed), eachBatch';
  }

  describeProduce(spec: Pick<ProduceSpec, 'lingerMs' | 'batchRecords' | 'window'>): string {
    if (spec.lingerMs === 0) return `one record per send, up to ${spec.window} sends awaiting ack`;
    return this.createBatchingProducer
      ? `StreamForge createBatchingProducer({ lingerMs: ${spec.lingerMs} }), one record per send, up to ${spec.window} awaiting ack`
      : `caller-side batches of ${spec.batchRecords} records per send (kafkajs has no linger; StreamForge's batching producer is not exported yet)`;
  }

  async produce(spec: ProduceSpec): Promise<RunResult> {
    if (spec.lingerMs > 0 && this.createBatchingProducer)
      return this.produceBatching(spec, this.createBatchingProducer);
    const producer = createProducer(this.kafka, { compression: spec.compression });
    await producer.connect();
    try {
      const batched = spec.lingerMs > 0;
      const perSend = batched ? spec.batchRecords : 1;
      const started = performance.now();
      const latency = await pipelineSends({
        records: spec.records,
        perSend,
        inFlight: Math.max(1, Math.ceil(spec.window / perSend)),
        send: (first, count) => {
          const messages: Message[] = [];
          for (let i = first; i < first + count; i++) messages.push({ value: spec.payloads.value(i) });
          return producer.send({ topic: spec.topic, acks: -1, messages });
        },
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

  private async produceBatching(spec: ProduceSpec, create: CreateBatchingProducer): Promise<RunResult> {
    const producer = create(this.kafka, { lingerMs: spec.lingerMs, compression: spec.compression });
    await producer.connect();
    try {
      const started = performance.now();
      const latency = await pipelineSends({
        records: spec.records,
        perSend: 1,
        inFlight: spec.window,
        send: (first) => producer.send(spec.topic, { value: spec.payloads.value(first) }),
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
      await producer.close();
    }
  }

  async consume(spec: ConsumeSpec): Promise<RunResult> {
    const { consumer } = createConsumer(this.kafka, { groupId: spec.groupId, maxWaitTimeInMs: 500 });
    await consumer.connect();
    const tally = new ConsumeTally(spec.records);
    consumer.on(consumer.events.GROUP_JOIN, () => tally.assigned());
    try {
      await consumer.subscribe({ topic: spec.topic, fromBeginning: true });
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
        () => `kafkajs read ${tally.records} of ${spec.records} records of ${spec.topic}`,
      );
    } finally {
      await consumer.disconnect();
    }
    return tally.result();
  }

  async close(): Promise<void> {
    // Producers and consumers are closed by each run; the Kafka object holds no connection.
  }
}
