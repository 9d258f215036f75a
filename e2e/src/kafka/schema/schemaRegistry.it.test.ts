import type { RegistryRequestEvent, SchemaRegistryClient } from '@streamforge/kafka';
import {
  IncompatibleSchemaError,
  SchemaDecodeError,
  SchemaEncodeError,
  SchemaRegistryError,
  SchemaRegistryUnavailableError,
  UnknownSchemaIdError,
  createAvroSerializer,
  createJsonSchemaSerializer,
  createSchemaDeserializer,
  createSchemaRegistryClient,
  decodeConfluentFrame,
  encodeConfluentFrame,
  isRetriable,
} from '@streamforge/kafka';
import { startSchemaRegistry, uniqueName } from '@streamforge/testing';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import {
  countingRegistryClient,
  orderJsonSchema,
  registryGetJson,
  uniqueNamespace,
  userSchemas,
} from './SchemaFixtures.js';

interface User {
  id: string;
  name: string;
  age?: number;
}

const calls = (requests: RegistryRequestEvent[]) => requests.map((r) => `${r.method} ${r.path}`);

/** Registration, caching, evolution, subject naming and failures against the real registry (no broker). */
describe('schema registry serde on a real registry', () => {
  let registry: SchemaRegistryClient;
  let requests: RegistryRequestEvent[];
  let url: string;

  beforeAll(async () => {
    ({ registry, requests, url } = await countingRegistryClient());
  }, 180_000);

  beforeEach(() => {
    requests.length = 0;
  });

  it('runs with the global compatibility level BACKWARD, Confluent’s default', async () => {
    expect(await registryGetJson(url, '/config')).toEqual({ compatibilityLevel: 'BACKWARD' });
  });

  it('registers a schema on first use, then serializes from its cache without asking the registry', async () => {
    const { v1 } = userSchemas(uniqueNamespace('cache'));
    const topic = uniqueName('users');
    const subject = `${topic}-value`;
    const users = createAvroSerializer<User>(registry, v1);

    const first = await users.serialize(topic, { id: 'u1', name: 'Ada' });
    const schemaId = decodeConfluentFrame(first).schemaId;
    // The compatibility check, the registration, and reading back the registered schema to encode with.
    expect(calls(requests)).toEqual([
      `post /compatibility/subjects/${subject}/versions/latest?verbose=true`,
      `post /subjects/${subject}/versions`,
      `get /schemas/ids/${schemaId}`,
    ]);

    requests.length = 0;
    const more = await Promise.all(
      Array.from({ length: 50 }, (_, i) => users.serialize(topic, { id: `u${i}`, name: `n${i}` })),
    );
    expect(await users.schemaIdFor(topic)).toBe(schemaId);
    expect(requests).toEqual([]);
    for (const bytes of [first, ...more]) expect(decodeConfluentFrame(bytes).schemaId).toBe(schemaId);

    // Another client (another process, say) registering the same schema gets the same id, no new version.
    const other = createAvroSerializer<User>(createSchemaRegistryClient({ url }), v1);
    expect(await other.schemaIdFor(topic)).toBe(schemaId);
    expect(await registry.subjectVersions(subject)).toEqual([1]);
  });

  it('fetches a writer schema once per id, even for concurrent first reads', async () => {
    const { v1 } = userSchemas(uniqueNamespace('ids'));
    const topic = uniqueName('users');
    const written = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        createAvroSerializer<User>(registry, v1).serialize(topic, { id: `u${i}`, name: `n${i}` }),
      ),
    );
    const reading = await countingRegistryClient();
    const users = createSchemaDeserializer<User>(reading.registry);
    const decoded = await Promise.all(written.map((bytes) => users.deserialize(bytes)));
    expect(decoded.map((user) => user.id)).toEqual(written.map((_, i) => `u${i}`));
    const schemaId = decodeConfluentFrame(written[0]!).schemaId;
    expect(calls(reading.requests)).toEqual([`get /schemas/ids/${schemaId}`]);
    await users.deserialize(written[3]!);
    expect(reading.requests).toHaveLength(1);
  });

  it('evolves a schema compatibly, and rejects an incompatible one without registering it', async () => {
    const { v1, v2, incompatible } = userSchemas(uniqueNamespace('evolve'));
    const topic = uniqueName('users');
    const subject = `${topic}-value`;

    const oldBytes = await createAvroSerializer<User>(registry, v1).serialize(topic, {
      id: 'u1',
      name: 'Ada',
    });
    const newBytes = await createAvroSerializer<User>(registry, v2).serialize(topic, {
      id: 'u2',
      name: 'Bob',
      age: 41,
    });
    expect(decodeConfluentFrame(newBytes).schemaId).not.toBe(decodeConfluentFrame(oldBytes).schemaId);
    expect(await registry.subjectVersions(subject)).toEqual([1, 2]);

    // BACKWARD: a v2 reader reads v1 records, with the new field's default.
    const v2Reader = createSchemaDeserializer<User>(registry, { readerSchema: v2 });
    expect(await v2Reader.deserialize(oldBytes)).toEqual({ id: 'u1', name: 'Ada', age: -1 });
    expect(await v2Reader.deserialize(newBytes)).toEqual({ id: 'u2', name: 'Bob', age: 41 });
    // Without a reader schema each record reads as written.
    expect(await createSchemaDeserializer<User>(registry).deserialize(oldBytes)).toEqual({
      id: 'u1',
      name: 'Ada',
    });

    expect(await registry.checkCompatibility(subject, { type: 'AVRO', schema: incompatible })).toMatchObject({
      compatible: false,
    });
    const rejected = createAvroSerializer<{ id: number; name: string }>(registry, incompatible);
    const failure = await rejected.serialize(topic, { id: 1, name: 'Cy' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(IncompatibleSchemaError);
    expect(failure).toMatchObject({ subject, retriable: false, code: 'INCOMPATIBLE_SCHEMA' });
    expect((failure as IncompatibleSchemaError).messages.length).toBeGreaterThan(0);
    expect(await registry.subjectVersions(subject)).toEqual([1, 2]);

    // A failed registration is not cached: the next record asks again, fails again, and never registers.
    requests.length = 0;
    await expect(rejected.serialize(topic, { id: 2, name: 'Di' })).rejects.toThrow(IncompatibleSchemaError);
    expect(calls(requests)).toContain(`post /compatibility/subjects/${subject}/versions/latest?verbose=true`);
    expect(calls(requests)).not.toContain(`post /subjects/${subject}/versions`);
  });

  it('names subjects by the topic, record and topic-record strategies', async () => {
    const namespace = uniqueNamespace('strategies');
    const { v1 } = userSchemas(namespace);
    const recordName = `${namespace}.User`;
    const [topicA, topicB] = [uniqueName('strategy-a'), uniqueName('strategy-b')];
    const user = { id: 'u1', name: 'Ada' };

    const byTopic = createAvroSerializer<User>(registry, v1, { subjectNameStrategy: 'topic' });
    const byRecord = createAvroSerializer<User>(registry, v1, { subjectNameStrategy: 'record' });
    const byTopicRecord = createAvroSerializer<User>(registry, v1, { subjectNameStrategy: 'topic-record' });
    const keys = createAvroSerializer<User>(registry, v1, { isKey: true });
    expect(byTopic.subjectFor(topicA)).toBe(`${topicA}-value`);
    expect(byRecord.subjectFor(topicA)).toBe(recordName);
    expect(byTopicRecord.subjectFor(topicA)).toBe(`${topicA}-${recordName}`);
    expect(keys.subjectFor(topicA)).toBe(`${topicA}-key`);

    for (const serializer of [byTopic, byRecord, byTopicRecord, keys]) {
      await serializer.serialize(topicA, user);
      await serializer.serialize(topicB, user);
    }
    // The record strategy shares one subject across topics; the others have one per topic.
    for (const subject of [
      `${topicA}-value`,
      `${topicB}-value`,
      recordName,
      `${topicA}-${recordName}`,
      `${topicB}-${recordName}`,
      `${topicA}-key`,
      `${topicB}-key`,
    ]) {
      expect({ subject, versions: await registry.subjectVersions(subject) }).toEqual({
        subject,
        versions: [1],
      });
    }
    expect(await byRecord.schemaIdFor(topicB)).toBe(await byRecord.schemaIdFor(topicA));

    // JSON Schema: the record name is the title.
    const title = `${namespace}.Order`;
    const orders = createJsonSchemaSerializer(registry, orderJsonSchema(title), {
      subjectNameStrategy: 'topic-record',
    });
    await orders.serialize(topicA, { orderId: 'o1', amount: 3 });
    expect(await registry.subjectVersions(`${topicA}-${title}`)).toEqual([1]);
  });

  it('with autoRegister off, only looks a schema up', async () => {
    const { v1, v2 } = userSchemas(uniqueNamespace('lookup'));
    const topic = uniqueName('users');
    const registered = await createAvroSerializer<User>(registry, v1).schemaIdFor(topic);

    requests.length = 0;
    const lookupOnly = createAvroSerializer<User>(registry, v1, { autoRegister: false });
    expect(await lookupOnly.schemaIdFor(topic)).toBe(registered);
    expect(calls(requests)).toEqual([`post /subjects/${topic}-value`]);

    const unregistered = createAvroSerializer<User>(registry, v2, { autoRegister: false });
    const failure = await unregistered
      .serialize(topic, { id: 'u', name: 'n', age: 1 })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SchemaRegistryError);
    expect(failure).toMatchObject({ code: 'SCHEMA_NOT_REGISTERED', retriable: false });
    expect(await registry.subjectVersions(`${topic}-value`)).toEqual([1]);
  });

  it('JSON Schema: serializes valid values and refuses invalid ones, naming the field', async () => {
    const orders = createJsonSchemaSerializer<{ orderId: string; amount: number; items?: string[] }>(
      registry,
      orderJsonSchema(`${uniqueNamespace('json')}.Order`),
    );
    const topic = uniqueName('orders');
    const order = { orderId: 'o1', amount: 12.5, items: ['a', 'b'] };
    const bytes = await orders.serialize(topic, order);
    expect(JSON.parse(bytes.subarray(5).toString('utf8'))).toEqual(order);
    expect(await createSchemaDeserializer(registry).deserialize(bytes)).toEqual(order);

    const failure = await orders.serialize(topic, { orderId: 'o2', amount: -1 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SchemaEncodeError);
    expect((failure as SchemaEncodeError).paths).toEqual(['/amount']);
    expect(isRetriable(failure)).toBe(false);

    // Bytes framed with the right id that break the schema are a decode error, not a crash.
    const schemaId = decodeConfluentFrame(bytes).schemaId;
    const invalid = encodeConfluentFrame(
      schemaId,
      Buffer.from(JSON.stringify({ orderId: 'o3', amount: 'lots' })),
    );
    await expect(createSchemaDeserializer(registry).deserialize(invalid)).rejects.toThrow(SchemaDecodeError);
  });

  it('a URL that does not lead to the registry API fails clearly instead of passing for an empty registry', async () => {
    const lost = createSchemaRegistryClient({ url: `${url}/no-such-api` });
    const { v1 } = userSchemas(uniqueNamespace('lost'));
    const failure = await createAvroSerializer<User>(lost, v1)
      .serialize(uniqueName('users'), { id: 'u', name: 'n' })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SchemaRegistryError);
    expect(failure).toMatchObject({ code: 'SCHEMA_REGISTRY_REQUEST_FAILED', status: 404, retriable: false });
    expect((failure as Error).message).toMatch(/answered HTTP 404 to compatibility of subject/);
  });

  it('an unknown schema id is a non-retriable UnknownSchemaIdError; undecodable bytes a SchemaDecodeError', async () => {
    const unknownId = 2_000_000_000 + Math.floor(Math.random() * 100_000_000);
    const failure = await createSchemaDeserializer(registry)
      .deserialize(encodeConfluentFrame(unknownId, Buffer.from([2, 0x61])))
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(UnknownSchemaIdError);
    expect(failure).toBeInstanceOf(SchemaDecodeError);
    expect(failure).toMatchObject({ schemaId: unknownId, retriable: false, code: 'UNKNOWN_SCHEMA_ID' });
    expect(calls(requests)).toEqual([`get /schemas/ids/${unknownId}`]);

    const { v1 } = userSchemas(uniqueNamespace('garbage'));
    const schemaId = await createAvroSerializer<User>(registry, v1).schemaIdFor(uniqueName('users'));
    // A string length of -64 (zig-zag 0x7f): no Avro reader accepts it.
    const garbage = encodeConfluentFrame(schemaId, Buffer.from([0x7f, 0x01]));
    const decodeFailure = await createSchemaDeserializer(registry)
      .deserialize(garbage)
      .catch((e: unknown) => e);
    expect(decodeFailure).toBeInstanceOf(SchemaDecodeError);
    expect(decodeFailure).not.toBeInstanceOf(UnknownSchemaIdError);
    expect(decodeFailure).toMatchObject({ schemaId, retriable: false });
  });
});

describe('schema registry serde when the registry cannot be reached', () => {
  const servers: Server[] = [];
  afterAll(() => servers.forEach((server) => server.close()));

  /** A loopback port nothing listens on: bound once to get a free number, then closed. */
  async function closedPort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
  }

  /** A port that accepts connections and never answers: a hung registry. */
  async function silentPort(): Promise<number> {
    const server = createServer(() => undefined);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as { port: number }).port;
  }

  async function timed<T>(promise: Promise<T>): Promise<{ error: unknown; ms: number }> {
    const started = Date.now();
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    return { error, ms: Date.now() - started };
  }

  it('a closed port fails fast with a retriable SchemaRegistryUnavailableError, credentials redacted', async () => {
    const port = await closedPort();
    const registry = createSchemaRegistryClient({ url: `http://svc:hunter2@127.0.0.1:${port}` });
    const { v1 } = userSchemas(uniqueNamespace('down'));

    for (const attempt of [
      () => createAvroSerializer<User>(registry, v1).serialize('t', { id: 'u', name: 'n' }),
      () => createSchemaDeserializer(registry).deserialize(encodeConfluentFrame(1, Buffer.from([2, 0x61]))),
    ]) {
      const { error, ms } = await timed(attempt());
      expect(error).toBeInstanceOf(SchemaRegistryUnavailableError);
      expect(isRetriable(error)).toBe(true);
      const unavailable = error as SchemaRegistryUnavailableError;
      expect(unavailable.url).toBe(`http://***@127.0.0.1:${port}`);
      expect(unavailable.message).toContain('ECONNREFUSED');
      expect(JSON.stringify({ message: unavailable.message, url: unavailable.url })).not.toContain('hunter2');
      // Three quick retries of a read (100, 200, 400 ms ± 20 %), none for a write: well under 5 s.
      expect(ms).toBeLessThan(5_000);
    }
  });

  it('a registry that never answers times out per request, with bounded retries', async () => {
    const port = await silentPort();
    const registry = createSchemaRegistryClient({ url: `http://127.0.0.1:${port}`, requestTimeoutMs: 300 });
    const { v1 } = userSchemas(uniqueNamespace('hung'));
    const serialize = await timed(
      createAvroSerializer<User>(registry, v1).serialize('t', { id: 'u', name: 'n' }),
    );
    expect(serialize.error).toBeInstanceOf(SchemaRegistryUnavailableError);
    // The compatibility read: 4 attempts of 300 ms plus backoff, about 2 s.
    expect(serialize.ms).toBeLessThan(6_000);
    const deserialize = await timed(
      createSchemaDeserializer(registry).deserialize(encodeConfluentFrame(1, Buffer.from([2, 0x61]))),
    );
    expect(deserialize.error).toBeInstanceOf(SchemaRegistryUnavailableError);
    expect((deserialize.error as Error).message).toMatch(/Timeout \(300ms\)/);
    expect(deserialize.ms).toBeLessThan(6_000);
  });

  it('startSchemaRegistry is shared: one registry for every caller', async () => {
    const [a, b] = await Promise.all([startSchemaRegistry(), startSchemaRegistry()]);
    expect(b).toBe(a);
  });
});
