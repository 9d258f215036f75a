import type { BatchedRecordMetadata } from '@streamforge/kafka';
import {
  ProducerClosedError,
  STREAMFORGE_HEADERS,
  createBatchingProducer,
  createKafkaClient,
  createProducer,
  murmur2,
  readHeaders,
  withHeaders,
} from '@streamforge/kafka';
import { startKafka, uniqueName } from '@streamforge/testing';
import type { Admin, Kafka } from 'kafkajs';
import type { StoredRecord } from './readBack.js';
import { readBack } from './readBack.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The stored record at each acknowledged position, to check what send() promised. */
function storedAt(stored: readonly StoredRecord[], acknowledged: readonly BatchedRecordMetadata[]): string[] {
  const byPosition = new Map(stored.map((r) => [`${r.topic}:${r.partition}:${r.offset}`, r.value]));
  return acknowledged.map((m) => byPosition.get(`${m.topic}:${m.partition}:${m.offset}`) ?? 'nothing there');
}

/** The batching producer on the real broker: fewer requests, same placement and order, bounded memory. */
describe('batching producer', () => {
  let kafka: Kafka;
  let admin: Admin;

  beforeAll(async () => {
    const { brokers } = await startKafka();
    kafka = createKafkaClient({ brokers, clientId: uniqueName('batching') });
    admin = kafka.admin();
    await admin.connect();
  });
  afterAll(() => admin?.disconnect());

  async function createTopic(prefix: string, numPartitions: number): Promise<string> {
    const topic = uniqueName(prefix);
    await admin.createTopics({ topics: [{ topic, numPartitions }], waitForLeaders: true });
    return topic;
  }

  it('stores records sent one by one within lingerMs in a few record batches, where a plain producer needs one each', async () => {
    const [batched, plain] = await Promise.all([createTopic('linger', 1), createTopic('linger-plain', 1)]);
    const producer = createBatchingProducer(kafka, { lingerMs: 300 });
    const sends: Promise<BatchedRecordMetadata>[] = [];
    for (let i = 0; i < 40; i++) {
      sends.push(producer.send(batched, { key: `k-${i}`, value: `linger-${i}` }));
      await sleep(2);
    }
    const acknowledged = await Promise.all(sends);
    await producer.close();

    // The same records, one awaited send() each, as kafkajs does without the buffer.
    const direct = createProducer(kafka);
    await direct.connect();
    for (let i = 0; i < 40; i++)
      await direct.send({ topic: plain, messages: [{ key: `k-${i}`, value: `linger-${i}` }] });
    await direct.disconnect();

    const stored = await readBack(kafka, [batched, plain]);
    const batchesOf = (topic: string) =>
      new Set(stored.filter((r) => r.topic === topic).map((r) => r.recordBatch));
    expect(stored.filter((r) => r.topic === batched).map((r) => r.value)).toEqual(
      Array.from({ length: 40 }, (_, i) => `linger-${i}`),
    );
    expect(batchesOf(plain).size).toBe(40);
    expect(batchesOf(batched).size).toBeLessThanOrEqual(8);
    expect(storedAt(stored, acknowledged)).toEqual(Array.from({ length: 40 }, (_, i) => `linger-${i}`));
  });

  it("keeps every key on the Java client's partition and in send order across many batches", async () => {
    const partitions = 6;
    const topic = await createTopic('keyed', partitions);
    const producer = createBatchingProducer(kafka, { lingerMs: 10, batchSize: 1_024 });
    const keys = Array.from({ length: 20 }, (_, k) => `user-${k}`);
    const sends: Promise<BatchedRecordMetadata>[] = [];
    const values: string[] = [];
    for (let seq = 0; seq < 30; seq++) {
      for (const key of keys) {
        values.push(`${key}:${seq}`);
        sends.push(producer.send(topic, { key, value: `${key}:${seq}` }));
      }
      // Lets linger timers fire and acknowledgements arrive between rounds, so batches interleave.
      if (seq % 3 === 0) await sleep(1);
    }
    const acknowledged = await Promise.all(sends);
    await producer.close();

    const stored = await readBack(kafka, [topic]);
    expect(stored).toHaveLength(600);
    for (const key of keys) {
      const ofKey = stored.filter((r) => r.key === key);
      expect(new Set(ofKey.map((r) => r.partition))).toEqual(
        new Set([(murmur2(key) & 0x7fffffff) % partitions]),
      );
      expect(ofKey.map((r) => r.value)).toEqual(Array.from({ length: 30 }, (_, seq) => `${key}:${seq}`));
    }
    expect(storedAt(stored, acknowledged)).toEqual(values);
    // Order was kept across batch boundaries, not inside one batch per partition.
    expect(new Set(stored.map((r) => `${r.partition}:${r.recordBatch}`)).size).toBeGreaterThan(
      3 * partitions,
    );
  });

  it('sends nothing before its linger, then close() flushes every record, headers included', async () => {
    const topic = await createTopic('close', 3);
    const producer = createBatchingProducer(kafka, { lingerMs: 60_000, batchSize: 1024 * 1024 });
    const trace = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1 };
    const origin = {
      service: 'batching-it',
      host: 'test-host',
      topic: 'events.raw',
      partition: 2,
      offset: '41',
    };
    const sends = Array.from({ length: 300 }, (_, i) =>
      producer.send(
        topic,
        withHeaders(
          { key: `key-${i % 30}`, value: `close-${i}` },
          { eventId: `evt-${i}`, trace, schemaId: 7, origin },
        ),
      ),
    );
    await sleep(1_000);
    const before = await admin.fetchTopicOffsets(topic);
    expect(before.map((p) => p.high)).toEqual(['0', '0', '0']);

    const started = Date.now();
    await producer.close();
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(await Promise.all(sends)).toHaveLength(300);
    await expect(producer.send(topic, { value: 'late' })).rejects.toBeInstanceOf(ProducerClosedError);

    const stored = await readBack(kafka, [topic]);
    expect(stored.map((r) => r.value).sort()).toEqual(
      Array.from({ length: 300 }, (_, i) => `close-${i}`).sort(),
    );
    // Consumed headers are Buffers; they read back as what was written.
    for (const record of stored) {
      const i = Number(record.value.slice('close-'.length));
      expect(readHeaders(record.headers)).toEqual({ eventId: `evt-${i}`, trace, schemaId: 7, origin });
    }
    expect(stored[0]?.headers?.[STREAMFORGE_HEADERS.traceparent]).toBeInstanceOf(Buffer);
  });

  it('never holds more than a tiny bufferMemory, and every record still arrives', async () => {
    const topic = await createTopic('memory', 3);
    const bufferMemory = 4_096;
    const samples: number[] = [];
    const producer = createBatchingProducer(kafka, {
      lingerMs: 5,
      batchSize: 1_024,
      bufferMemory,
      onBatchCompleted: () => samples.push(producer.bufferedBytes),
    });
    const sampler = setInterval(() => samples.push(producer.bufferedBytes), 1);
    const payload = 'x'.repeat(150);
    const sends: Promise<BatchedRecordMetadata>[] = [];
    try {
      for (let i = 0; i < 1_000; i++) {
        sends.push(producer.send(topic, { key: `key-${i % 50}`, value: `${i}:${payload}` }));
        samples.push(producer.bufferedBytes);
      }
      await Promise.all(sends);
      await producer.close();
    } finally {
      clearInterval(sampler);
    }

    const peak = Math.max(...samples);
    expect(peak).toBeLessThanOrEqual(bufferMemory);
    // Full up to less than one record: the bound was reached and held, not merely never approached.
    expect(peak).toBeGreaterThan(bufferMemory - 250);
    const stored = await readBack(kafka, [topic]);
    expect(stored).toHaveLength(1_000);
    expect(new Set(stored.map((r) => r.value))).toEqual(
      new Set(Array.from({ length: 1_000 }, (_, i) => `${i}:${payload}`)),
    );
  });
});
