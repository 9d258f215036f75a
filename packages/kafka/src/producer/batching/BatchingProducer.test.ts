import type { Message } from 'kafkajs';
import { PartitionerError } from '../../partitioner/PartitionerError.js';
import { murmur2 } from '../../partitioner/murmur2.js';
import { toPositive } from '../../partitioner/toPositive.js';
import { BatchingOptionsError } from './BatchingOptionsError.js';
import type { BatchingProducerOptions, BatchCompletion } from './BatchingProducerOptions.js';
import { BatchingProducer } from './BatchingProducer.js';
import { BatchSendError } from './BatchSendError.js';
import { BufferExhaustedError } from './BufferExhaustedError.js';
import { FlushError } from './FlushError.js';
import type { BatchedRecordMetadata } from './PartitionBatch.js';
import { ProducerClosedError } from './ProducerClosedError.js';
import { RecordTooLargeError } from './RecordTooLargeError.js';
import { RECORD_BATCH_OVERHEAD_BYTES, recordSizeUpperBound } from './recordSize.js';
import { TopicMetadataError } from './TopicMetadataError.js';
import { FakeBroker } from './__tests__/FakeBroker.js';

const TOPIC = 'orders';
/** Every test message has a 4-character value, so each takes the same room. */
const record = (i: number, key: string | null = 'k'): Message => ({
  key,
  value: `v${String(i).padStart(3, '0')}`,
});
const RECORD_BYTES = recordSizeUpperBound(record(0));
/** A batchSize that holds exactly `n` test records. */
const batchOf = (n: number): number => RECORD_BATCH_OVERHEAD_BYTES + n * RECORD_BYTES;

/** Lets promise chains and due timers run, moving the fake clock by `ms`. */
const advance = (ms = 0): Promise<void> => jest.advanceTimersByTimeAsync(ms);

function producerWith(broker: FakeBroker, options: BatchingProducerOptions): BatchingProducer {
  return new BatchingProducer(broker.deps(), options);
}

/** Tracks a promise's outcome without awaiting it, so tests can assert "still pending". */
function track<T>(promise: Promise<T>): {
  state: 'pending' | 'resolved' | 'rejected';
  value?: T;
  error?: unknown;
} {
  const tracked: { state: 'pending' | 'resolved' | 'rejected'; value?: T; error?: unknown } = {
    state: 'pending',
  };
  promise.then(
    (value) => Object.assign(tracked, { state: 'resolved', value }),
    (error: unknown) => Object.assign(tracked, { state: 'rejected', error }),
  );
  return tracked;
}

jest.setTimeout(5_000);
beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('BatchingProducer: when a batch leaves', () => {
  it('sends a partial batch once lingerMs has passed since its first record, not before', async () => {
    const broker = new FakeBroker({ [TOPIC]: 3 });
    const producer = producerWith(broker, { lingerMs: 50, batchSize: batchOf(100) });
    const first = track(producer.send(TOPIC, record(0)));
    await advance(30);
    const later = [1, 2].map((i) => track(producer.send(TOPIC, record(i))));
    await advance(19);
    expect(broker.requests).toHaveLength(0);

    await advance(1);
    expect(broker.requests.map((r) => r.messages.map((m) => m.value))).toEqual([['v000', 'v001', 'v002']]);
    expect(first.state).toBe('pending');
    broker.ackNext();
    await advance();
    expect([first, ...later].map((t) => t.value?.offset)).toEqual(['0', '1', '2']);
  });

  it('sends a batch as soon as it reaches batchSize, and starts the next batch with the record that did not fit', async () => {
    const broker = new FakeBroker({ [TOPIC]: 1 });
    const producer = producerWith(broker, { lingerMs: 60_000, batchSize: batchOf(3) });
    for (let i = 0; i < 7; i++) void producer.send(TOPIC, record(i));
    await advance();
    // One batch in flight per partition: the second full batch waits for the first's acknowledgement.
    expect(broker.requests.map((r) => r.messages.length)).toEqual([3]);
    broker.ackNext();
    await advance();
    expect(broker.requests.map((r) => r.messages.length)).toEqual([3, 3]);
    broker.ackNext();
    await advance(1_000);
    // The seventh record is alone in a batch that is neither full nor past its linger.
    expect(broker.requests).toHaveLength(2);
    await advance(59_000);
    expect(broker.requests.map((r) => r.messages.length)).toEqual([3, 3, 1]);
  });

  it('gives a record larger than batchSize a batch of its own', async () => {
    const broker = new FakeBroker({ [TOPIC]: 1 });
    broker.autoAck = true;
    const producer = producerWith(broker, { lingerMs: 10, batchSize: 100 });
    void producer.send(TOPIC, record(0));
    void producer.send(TOPIC, { key: 'k', value: 'x'.repeat(500) });
    void producer.send(TOPIC, record(2));
    await advance(100);
    expect(broker.requests.map((r) => r.messages.length)).toEqual([1, 1, 1]);
  });

  it('with lingerMs 0 sends at once, and groups the records sent while the partition has a batch in flight', async () => {
    const broker = new FakeBroker({ [TOPIC]: 1 });
    const producer = producerWith(broker, { lingerMs: 0 });
    const first = producer.send(TOPIC, record(0));
    await advance(); // the metadata arrives, the record leaves alone
    expect(broker.requests.map((r) => r.messages.length)).toEqual([1]);
    const meanwhile = [1, 2, 3].map((i) => producer.send(TOPIC, record(i)));
    broker.ackNext();
    await advance();
    expect(broker.requests.map((r) => r.messages.length)).toEqual([1, 3]);
    broker.ackNext();
    await advance();
    expect((await Promise.all([first, ...meanwhile])).map((m) => m.offset)).toEqual(['0', '1', '2', '3']);
  });
});

describe('BatchingProducer: placement and order', () => {
  it('places keyed records where the Java client would, and keeps an explicit partition', async () => {
    const broker = new FakeBroker({ [TOPIC]: 12 });
    broker.autoAck = true;
    const producer = producerWith(broker, { lingerMs: 1 });
    const keys = ['user-1', 'user-2', 'user-3', 'alpha', 'beta'];
    const sends = keys.map((key, i) => producer.send(TOPIC, record(i, key)));
    const pinned = producer.send(TOPIC, { ...record(99, 'user-1'), partition: 7 });
    await advance(10);
    const placed = await Promise.all(sends);
    expect(placed.map((metadata) => metadata.partition)).toEqual(
      keys.map((key) => toPositive(murmur2(key)) % 12),
    );
    expect((await pinned).partition).toBe(7);
  });

  it('rejects an explicit partition the topic does not have', async () => {
    const broker = new FakeBroker({ [TOPIC]: 2 });
    const producer = producerWith(broker, {});
    const out = producer.send(TOPIC, { ...record(0), partition: 2 });
    await expect(out).rejects.toBeInstanceOf(PartitionerError);
    await expect(out).rejects.toThrow(/partition 2 of topic orders, which has 2 partitions/);
  });

  it('keeps each partition in send order with one batch in flight per partition, other partitions concurrent', async () => {
    const broker = new FakeBroker({ [TOPIC]: 4 });
    const producer = producerWith(broker, { lingerMs: 2, batchSize: batchOf(4) });
    const sent = new Map<number, string[]>();
    const sends: Promise<BatchedRecordMetadata>[] = [];
    for (let i = 0; i < 200; i++) {
      const partition = i % 4;
      const message = { ...record(i), partition };
      sent.set(partition, [...(sent.get(partition) ?? []), String(message.value)]);
      sends.push(producer.send(TOPIC, message));
      if (i % 7 === 0) await advance(1);
      // Answer out of order across partitions: newest request first.
      if (i % 5 === 0) broker.open.at(-1)?.ack();
    }
    const flushed = producer.flush();
    while (broker.open.length > 0 || broker.requests.length === 0) {
      broker.open.at(-1)?.ack();
      await advance(1);
    }
    await flushed;
    await Promise.all(sends);
    expect(broker.maxOpenPerPartition).toBe(1);
    expect(broker.maxOpen).toBeGreaterThan(1);
    for (const [partition, values] of sent) expect(broker.log(TOPIC, partition)).toEqual(values);
    // Each record's promise reports the partition and offset its value really has in the log.
    const placed = await Promise.all(sends);
    placed.forEach((metadata, i) =>
      expect(broker.log(TOPIC, metadata.partition)[Number(metadata.offset)]).toBe(record(i).value),
    );
  });

  it('appends in call order even when the first send of a topic waits for its metadata', async () => {
    const broker = new FakeBroker({ [TOPIC]: 1 });
    let releaseMetadata!: () => void;
    broker.metadataDelay = new Promise((resolve) => (releaseMetadata = resolve));
    broker.autoAck = true;
    const producer = producerWith(broker, { lingerMs: 1 });
    const sends = Array.from({ length: 5 }, (_, i) => producer.send(TOPIC, record(i)));
    await advance(5);
    expect(broker.requests).toHaveLength(0);
    releaseMetadata();
    await advance(5);
    const offsets = (await Promise.all(sends)).map((metadata) => metadata.offset);
    expect(offsets).toEqual(['0', '1', '2', '3', '4']);
    expect(broker.log(TOPIC, 0)).toEqual(['v000', 'v001', 'v002', 'v003', 'v004']);
    expect(broker.metadataFetches).toBe(1);
  });
});

describe('BatchingProducer: bounded memory', () => {
  it('makes send wait when bufferMemory is full and rejects it after maxBlockMs with BufferExhaustedError', async () => {
    const broker = new FakeBroker({ [TOPIC]: 1 });
    const producer = producerWith(broker, { lingerMs: 5, bufferMemory: 3 * RECORD_BYTES, maxBlockMs: 100 });
    const accepted = [0, 1, 2].map((i) => track(producer.send(TOPIC, record(i))));
    const blocked = track(producer.send(TOPIC, record(3)));
    const behind = track(producer.send(TOPIC, record(4)));
    await advance(99);
    expect(producer.bufferedBytes).toBe(3 * RECORD_BYTES);
    expect(blocked.state).toBe('pending');
    await advance(1);
    expect(blocked.state).toBe('rejected');
    expect(blocked.error).toBeInstanceOf(BufferExhaustedError);
    expect(String(blocked.error)).toMatch(/within maxBlockMs \(100 ms\).*bufferMemory is full/);
    expect(behind.state).toBe('rejected');
    expect(accepted.map((t) => t.state)).toEqual(['pending', 'pending', 'pending']);
    broker.ackAll();
    await advance();
    expect(accepted.map((t) => t.state)).toEqual(['resolved', 'resolved', 'resolved']);
    expect(producer.bufferedBytes).toBe(0);
  });

  it('admits waiting sends as batches are acknowledged, never holding more than bufferMemory', async () => {
    const broker = new FakeBroker({ [TOPIC]: 3 });
    const bufferMemory = 5 * RECORD_BYTES;
    const peaks: number[] = [];
    const producer = producerWith(broker, {
      lingerMs: 60_000,
      bufferMemory,
      maxBlockMs: 10_000,
      onBatchCompleted: () => peaks.push(producer.bufferedBytes),
    });
    const started = Date.now();
    const sends: Promise<BatchedRecordMetadata>[] = [];
    for (let i = 0; i < 60; i++) {
      sends.push(producer.send(TOPIC, record(i, `key-${i % 10}`)));
      peaks.push(producer.bufferedBytes);
    }
    // flush() first waits for the sends queued for room; until then only those waits move batches out,
    // since the linger here is a minute.
    const flushed = track(producer.flush());
    for (let step = 0; step < 500 && flushed.state === 'pending'; step++) {
      peaks.push(producer.bufferedBytes);
      await advance(1);
      broker.open[0]?.ack();
    }
    expect(flushed.state).toBe('resolved');
    const metadata = await Promise.all(sends);
    expect(metadata).toHaveLength(60);
    expect(Math.max(...peaks)).toBeLessThanOrEqual(bufferMemory);
    expect(Math.max(...peaks)).toBeGreaterThan(bufferMemory - RECORD_BYTES);
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it('refuses at once a record that could never fit in bufferMemory', async () => {
    const broker = new FakeBroker({ [TOPIC]: 1 });
    const producer = producerWith(broker, { bufferMemory: 1_000, maxBlockMs: 60_000 });
    await expect(producer.send(TOPIC, { value: 'x'.repeat(1_000) })).rejects.toBeInstanceOf(
      RecordTooLargeError,
    );
    expect(producer.bufferedBytes).toBe(0);
  });
});

describe('BatchingProducer: flush and close', () => {
  it('flush sends lingering batches at once and resolves only when they are acknowledged', async () => {
    const broker = new FakeBroker({ [TOPIC]: 2 });
    const producer = producerWith(broker, { lingerMs: 60_000 });
    const sends = [0, 1, 2, 3].map((i) => producer.send(TOPIC, { ...record(i), partition: i % 2 }));
    const flushed = track(producer.flush());
    await advance();
    expect(broker.requests.map((r) => r.messages.length)).toEqual([2, 2]);
    expect(flushed.state).toBe('pending');
    broker.ackNext();
    await advance();
    expect(flushed.state).toBe('pending');
    broker.ackNext();
    await advance();
    expect(flushed.state).toBe('resolved');
    expect((await Promise.all(sends)).map((m) => `${m.partition}@${m.offset}`)).toEqual([
      '0@0',
      '1@0',
      '0@1',
      '1@1',
    ]);
  });

  it('close flushes, disconnects, refuses later sends, and returns the same promise when called again', async () => {
    const broker = new FakeBroker({ [TOPIC]: 1 });
    broker.autoAck = true;
    const producer = producerWith(broker, { lingerMs: 60_000 });
    const sends = [0, 1, 2].map((i) => producer.send(TOPIC, record(i)));
    const closing = producer.close();
    expect(producer.close()).toBe(closing);
    await expect(producer.send(TOPIC, record(3))).rejects.toBeInstanceOf(ProducerClosedError);
    await advance();
    await closing;
    expect(broker.disconnected).toBe(true);
    expect((await Promise.all(sends)).map((m) => m.offset)).toEqual(['0', '1', '2']);
    expect(broker.log(TOPIC, 0)).toEqual(['v000', 'v001', 'v002']);
  });
});

describe('BatchingProducer: failures', () => {
  it("rejects exactly the failed batch's records with an error naming topic and partition", async () => {
    const broker = new FakeBroker({ [TOPIC]: 2 });
    const completions: BatchCompletion[] = [];
    const producer = producerWith(broker, { lingerMs: 5, onBatchCompleted: (c) => completions.push(c) });
    const onZero = [0, 1].map((i) => track(producer.send(TOPIC, { ...record(i), partition: 0 })));
    const onOne = [2, 3, 4].map((i) => track(producer.send(TOPIC, { ...record(i), partition: 1 })));
    const flushed = track(producer.flush());
    await advance();
    broker.open
      .find((r) => r.partition === 1)
      ?.fail(Object.assign(new Error('Message was too large'), { retriable: false }));
    broker.ackNext();
    await advance();

    expect(onZero.map((t) => t.state)).toEqual(['resolved', 'resolved']);
    expect(onOne.map((t) => t.state)).toEqual(['rejected', 'rejected', 'rejected']);
    const error = onOne[0]?.error;
    expect(error).toBeInstanceOf(BatchSendError);
    expect(error).toMatchObject({ topic: TOPIC, partition: 1, recordCount: 3, retriable: false });
    expect(String(error)).toMatch(/3 records to orders partition 1 failed: Message was too large/);
    expect(flushed.error).toBeInstanceOf(FlushError);
    expect(String(flushed.error)).toMatch(/orders\[1\]/);
    expect(completions.map((c) => [c.partition, c.recordCount, c.error?.code])).toEqual(
      expect.arrayContaining([
        [0, 2, undefined],
        [1, 3, 'BATCH_SEND_FAILED'],
      ]),
    );
    expect(producer.bufferedBytes).toBe(0);
  });

  it('goes on with the next batch of a partition after one failed', async () => {
    const broker = new FakeBroker({ [TOPIC]: 1 });
    const producer = producerWith(broker, { lingerMs: 1 });
    const failed = track(producer.send(TOPIC, record(0)));
    await advance(2);
    const next = track(producer.send(TOPIC, record(1)));
    broker.open[0]?.fail(new Error('boom'));
    await advance(2);
    broker.ackNext();
    await advance();
    expect([failed.state, next.state]).toEqual(['rejected', 'resolved']);
  });

  it('rejects with TopicMetadataError when a topic is unknown, or its metadata does not come within maxBlockMs', async () => {
    const broker = new FakeBroker({ [TOPIC]: 1 });
    const producer = producerWith(broker, { maxBlockMs: 200 });
    const unknown = track(producer.send('missing', record(0)));
    await advance();
    expect(unknown.error).toBeInstanceOf(TopicMetadataError);
    expect(String(unknown.error)).toMatch(/topic missing: This server does not host/);

    broker.metadataDelay = new Promise(() => undefined);
    broker.topics.set('slow', 1);
    const slow = track(producer.send('slow', record(1)));
    await advance(199);
    expect(slow.state).toBe('pending');
    await advance(1);
    expect(String(slow.error)).toMatch(/topic slow: not known after maxBlockMs \(200 ms\)/);
  });

  it('ignores an exception thrown by the metrics hook', async () => {
    const broker = new FakeBroker({ [TOPIC]: 1 });
    broker.autoAck = true;
    const producer = producerWith(broker, {
      lingerMs: 1,
      onBatchCompleted: () => {
        throw new Error('metrics are down');
      },
    });
    const first = producer.send(TOPIC, record(0));
    await advance(2);
    await expect(first).resolves.toMatchObject({ offset: '0' });
    const second = producer.send(TOPIC, record(1));
    await advance(2);
    await expect(second).resolves.toMatchObject({ offset: '1' });
  });
});

describe('BatchingProducer options', () => {
  it.each([
    [{ lingerMs: -1 }, /lingerMs/],
    [{ batchSize: 0 }, /batchSize/],
    [{ bufferMemory: 1.5 }, /bufferMemory/],
    [{ compression: 'brotli' }, /compression/],
    [{ partitioner: 'murmur2' }, /partitioner: expected a kafkajs partitioner factory/],
    [{ lingerMS: 5 }, /lingerMS/],
  ])('rejects %j', (options, field) => {
    const build = (): BatchingProducer => producerWith(new FakeBroker(), options as BatchingProducerOptions);
    expect(build).toThrow(BatchingOptionsError);
    expect(build).toThrow(field);
  });
});
