import type { RetryContext, RetryRunner, SchemaRegistryClient } from '@streamforge/kafka';
import {
  RETRY_HEADERS,
  createAvroSerializer,
  createJsonSchemaSerializer,
  createProducer,
  createSchemaDeserializer,
  createSchemaRegistryClient,
  decodeConfluentFrame,
  deserializingHandler,
  encodeConfluentFrame,
  runWithRetries,
} from '@streamforge/kafka';
import { startSchemaRegistry, uniqueName, waitFor } from '@streamforge/testing';
import type { Producer } from 'kafkajs';
import { createConnection, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { RetryScenario, headerStrings } from '../retry/RetryScenario.js';
import { orderJsonSchema, uniqueNamespace, userSchemas } from './SchemaFixtures.js';

interface User {
  id: string;
  name: string;
}
interface Order {
  orderId: string;
  amount: number;
  items?: string[];
}

/** A record as read back from a topic, value bytes untouched. */
interface RawRecord {
  key: string;
  value: Buffer | null;
  headers: Record<string, string>;
  partition: number;
}

/** Everything that is and will be written to `topic`, bytes as they are on the broker. */
async function readRaw(scenario: RetryScenario, topic: string): Promise<RawRecord[]> {
  const records: RawRecord[] = [];
  const consumer = scenario.kafka.consumer({ groupId: uniqueName('raw-reader') });
  readers.push(consumer);
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      records.push({
        key: message.key?.toString() ?? '',
        value: message.value,
        headers: headerStrings(message.headers),
        partition,
      });
    },
  });
  return records;
}
const readers: Array<{ disconnect(): Promise<void> }> = [];

/** The Avro and JSON Schema serde through a real broker, and what happens to records that cannot be decoded. */
describe('schema registry serde through the broker', () => {
  let registry: SchemaRegistryClient;
  let registryUrl: string;
  let scenario: RetryScenario;
  let producer: Producer;
  let runner: RetryRunner | undefined;

  beforeAll(async () => {
    registryUrl = (await startSchemaRegistry()).url;
    registry = createSchemaRegistryClient({ url: registryUrl });
  }, 180_000);

  afterEach(async () => {
    await runner?.stop();
    runner = undefined;
    await Promise.allSettled(readers.splice(0).map((reader) => reader.disconnect()));
    await producer?.disconnect();
    await scenario?.close();
  });

  async function start(prefix: string): Promise<void> {
    scenario = await RetryScenario.start(prefix);
    producer = createProducer(scenario.kafka);
    await producer.connect();
  }

  it('round-trips Avro and JSON Schema records, mixed on one topic by the topic-record strategy', async () => {
    await start('serde-roundtrip');
    const namespace = uniqueNamespace('roundtrip');
    const users = createAvroSerializer<User>(registry, userSchemas(namespace).v1, {
      subjectNameStrategy: 'topic-record',
    });
    const orders = createJsonSchemaSerializer<Order>(registry, orderJsonSchema(`${namespace}.Order`), {
      subjectNameStrategy: 'topic-record',
    });
    const sentUsers = Array.from({ length: 30 }, (_, i) => ({ id: `u${i}`, name: `name ${i} ✓` }));
    const sentOrders = Array.from({ length: 30 }, (_, i) => ({
      orderId: `o${i}`,
      amount: i * 1.25,
      items: [`sku-${i}`],
    }));
    await producer.send({
      topic: scenario.topic,
      messages: [
        ...(await Promise.all(
          sentUsers.map(async (user) => ({
            key: user.id,
            value: await users.serialize(scenario.topic, user),
          })),
        )),
        ...(await Promise.all(
          sentOrders.map(async (order) => ({
            key: order.orderId,
            value: await orders.serialize(scenario.topic, order),
          })),
        )),
      ],
    });

    const received = await readRaw(scenario, scenario.topic);
    await waitFor(() => received.length === 60, { timeoutMs: 30_000, description: '60 records' });

    // A reader with its own client knows nothing in advance: the schema ids in the records tell it all.
    const reader = createSchemaDeserializer(createSchemaRegistryClient({ url: registryUrl }));
    const userId = await users.schemaIdFor(scenario.topic);
    const orderId = await orders.schemaIdFor(scenario.topic);
    expect(userId).not.toBe(orderId);
    const decoded = new Map<string, { schemaId: number; value: unknown }>();
    for (const record of received)
      decoded.set(record.key, await reader.deserializeWithSchemaId(record.value));
    for (const user of sentUsers) expect(decoded.get(user.id)).toEqual({ schemaId: userId, value: user });
    for (const order of sentOrders)
      expect(decoded.get(order.orderId)).toEqual({ schemaId: orderId, value: order });
    for (const record of received) {
      expect(decodeConfluentFrame(record.value).schemaId).toBe(record.key.startsWith('u') ? userId : orderId);
    }
    expect(await registry.subjectVersions(`${scenario.topic}-${namespace}.User`)).toEqual([1]);
    expect(await registry.subjectVersions(`${scenario.topic}-${namespace}.Order`)).toEqual([1]);
  });

  it('sends a record that cannot be decoded straight to the DLQ while the others flow', async () => {
    await start('serde-dlq');
    const users = createAvroSerializer<User>(registry, userSchemas(uniqueNamespace('dlq')).v1);
    const handled: Array<{ key: string; value: User | null; context: RetryContext }> = [];
    runner = await runWithRetries({
      kafka: scenario.kafka,
      groupId: scenario.groupId,
      topic: scenario.topic,
      attempts: 3,
      backoff: { initialMs: 300, multiplier: 2, maxMs: 1_000 },
      fromBeginning: true,
      handler: deserializingHandler(
        createSchemaDeserializer<User>(registry),
        async (value, message, context) => {
          handled.push({ key: message.key?.toString() ?? '', value, context });
        },
      ),
    });
    const deadLetters = await readRaw(scenario, scenario.deadLetterTopic);

    const good = async (key: string) => ({
      key,
      value: await users.serialize(scenario.topic, { id: key, name: key }),
    });
    const unknownId = 2_000_000_000 + Math.floor(Math.random() * 100_000_000);
    const unknownSchema = encodeConfluentFrame(unknownId, Buffer.from([4, 0x75, 0x31, 2, 0x6e]));
    const notFramed = Buffer.from(JSON.stringify({ id: 'raw', name: 'plain JSON, no header' }));
    // The bad records sit between good ones on partition 0; the other partitions carry good ones too.
    await producer.send({
      topic: scenario.topic,
      messages: [
        { ...(await good('good-1')), partition: 0 },
        { key: 'unknown-schema', value: unknownSchema, partition: 0 },
        { key: 'not-framed', value: notFramed, partition: 0 },
        { key: 'tombstone', value: null, partition: 0 },
        { ...(await good('good-2')), partition: 0 },
        { ...(await good('good-p1')), partition: 1 },
        { ...(await good('good-p2')), partition: 2 },
      ],
    });

    await waitFor(() => deadLetters.length === 2 && handled.length === 5, {
      timeoutMs: 60_000,
      description: '2 dead letters and 5 handled records',
    });
    expect(handled.map((h) => h.key).sort()).toEqual(['good-1', 'good-2', 'good-p1', 'good-p2', 'tombstone']);
    for (const h of handled) expect(h.context.attempt).toBe(1);
    expect(handled.find((h) => h.key === 'good-2')?.value).toEqual({ id: 'good-2', name: 'good-2' });
    expect(handled.find((h) => h.key === 'tombstone')?.value).toBeNull();
    // Partition 0 kept its order: the good record behind the bad ones was not held back.
    expect(handled.filter((h) => h.context.partition === 0).map((h) => h.key)).toEqual([
      'good-1',
      'tombstone',
      'good-2',
    ]);

    const unknown = deadLetters.find((r) => r.key === 'unknown-schema');
    expect(unknown?.headers).toMatchObject({
      'dlq-original-topic': scenario.topic,
      'dlq-original-partition': '0',
      'dlq-error-class': 'UnknownSchemaIdError',
      'dlq-attempts': '1',
    });
    expect(unknown?.headers['dlq-error-message']).toContain(`no schema with id ${unknownId}`);
    expect(unknown?.value?.equals(unknownSchema)).toBe(true);
    const raw = deadLetters.find((r) => r.key === 'not-framed');
    expect(raw?.headers).toMatchObject({ 'dlq-error-class': 'SchemaDecodeError', 'dlq-attempts': '1' });
    expect(raw?.headers['dlq-error-message']).toMatch(/not the Confluent wire format's magic byte/);
    expect(raw?.value?.equals(notFramed)).toBe(true);
    // Decode errors are never retried: no retry tier saw a record.
    for (const n of [1, 2, 3]) expect(await scenario.recordCount(scenario.retryTopic(n))).toBe(0);
  });

  it('retries a record while the registry is unreachable, and handles it once the registry is back', async () => {
    await start('serde-registry-down');
    const users = createAvroSerializer<User>(registry, userSchemas(uniqueNamespace('down')).v1);
    const bytes = await users.serialize(scenario.topic, { id: 'u1', name: 'Ada' });

    // The consumer reaches the registry through a port where nothing listens yet; later a proxy to the
    // real registry opens there: a registry outage and its end, with nothing simulated.
    const gate = await RegistryGate.closed(registryUrl);
    const handled: Array<{ value: User | null; context: RetryContext }> = [];
    const reader = createSchemaDeserializer<User>(createSchemaRegistryClient({ url: gate.url }));
    runner = await runWithRetries({
      kafka: scenario.kafka,
      groupId: scenario.groupId,
      topic: scenario.topic,
      attempts: 3,
      backoff: { initialMs: 1_500, multiplier: 2, maxMs: 5_000 },
      fromBeginning: true,
      handler: deserializingHandler(reader, async (value, _message, context) => {
        handled.push({ value, context });
      }),
    });
    const retries = await readRaw(scenario, scenario.retryTopic(1));
    try {
      await producer.send({ topic: scenario.topic, messages: [{ key: 'u1', value: bytes }] });
      await waitFor(() => retries.length === 1, {
        timeoutMs: 30_000,
        description: 'the record on retry tier 1',
      });
      expect(retries[0]?.headers[RETRY_HEADERS.lastErrorClass]).toBe('SchemaRegistryUnavailableError');
      expect(handled).toEqual([]);

      await gate.open();
      await waitFor(() => handled.length === 1, {
        timeoutMs: 30_000,
        description: 'the record handled on retry',
      });
      expect(handled[0]).toMatchObject({ value: { id: 'u1', name: 'Ada' }, context: { attempt: 2 } });
      expect(await scenario.recordCount(scenario.deadLetterTopic)).toBe(0);
    } finally {
      await gate.close();
    }
  });
});

/**
 * A loopback port that refuses connections until opened, then forwards them to the real registry: the
 * registry "comes back" for clients configured with `url`.
 */
class RegistryGate {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  private constructor(
    readonly url: string,
    private readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  static async closed(registryUrl: string): Promise<RegistryGate> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const real = new URL(registryUrl);
    const gated = new URL(registryUrl);
    gated.hostname = '127.0.0.1';
    gated.port = String(port);
    const target = {
      host: real.hostname,
      port: Number(real.port || (real.protocol === 'https:' ? 443 : 80)),
    };
    return new RegistryGate(gated.toString().replace(/\/+$/, ''), port, target);
  }

  async open(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = createConnection(this.target);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server?.listen(this.port, '127.0.0.1', resolve));
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
