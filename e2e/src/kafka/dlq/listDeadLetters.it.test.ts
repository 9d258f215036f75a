import {
  DEAD_LETTER_READER_GROUP_PREFIX,
  DeadLetterError,
  deadLetterMessage,
  listDeadLetters,
} from '@streamforge/kafka';
import type { DeadLetterRecord } from '@streamforge/kafka';
import { uniqueName } from '@streamforge/testing';
import type { KafkaMessage } from 'kafkajs';
import { DlqScenario } from './DlqScenario.js';
import type { FirstDeliveries, OriginRecord } from './failingHandler.js';
import { deadLetterThroughRetries } from './failingHandler.js';

const HOUR = 3_600_000;
const keysOf = (records: readonly DeadLetterRecord[]) => records.map((r) => r.key?.toString()).sort();

/**
 * Dead letters written by runWithRetries, plus three written by hand with failure and DLQ times hours
 * in the past, listed back through the bounded reader: every filter must return exactly the set the
 * test produced.
 */
describe('listDeadLetters on a real broker', () => {
  let scenario: DlqScenario;
  let firstDeliveries: FirstDeliveries;
  let startedAt: Date;
  // Hand-written dead letters: first failure vs. DLQ time, hours before the test, told apart by ranges.
  const base = Date.now() - 6 * HOUR;
  const handWritten = [
    { key: 'old-a', failedAt: base, deadLetteredAt: base + 2 * HOUR },
    { key: 'old-b', failedAt: base + 1 * HOUR, deadLetteredAt: base + 1.5 * HOUR },
    { key: 'old-c', failedAt: base + 2 * HOUR, deadLetteredAt: base + 2 * HOUR + 600_000 },
  ];
  const origin: OriginRecord[] = [
    ...[0, 1, 2, 3].map((i) => ({
      key: `decode-${i}`,
      value: `{"n":${i}`,
      partition: i % 3,
      headers: { trace: `t-d${i}` },
    })),
    ...[0, 1, 2].map((i) => ({
      key: `timeout-${i}`,
      value: `order ${i}`,
      partition: i,
      headers: { trace: `t-t${i}` },
    })),
    ...[0, 1, 2, 3, 4].map((i) => ({ key: `ok-${i}`, value: 'fine', partition: i % 3 })),
  ];
  const failed = origin.filter((r) => !r.key.startsWith('ok-'));

  beforeAll(async () => {
    startedAt = new Date();
    scenario = await DlqScenario.start('dlq-list');
    const run = await deadLetterThroughRetries(scenario, origin);
    firstDeliveries = run.firstDeliveries;
    await run.runner.stop();
    await scenario.producer.send({
      topic: scenario.deadLetterTopic,
      messages: handWritten.map(({ key, failedAt, deadLetteredAt }, i) => {
        const consumed: KafkaMessage = {
          key: Buffer.from(key),
          value: Buffer.from(`old value ${key}`),
          headers: { trace: Buffer.from(`t-${key}`) },
          offset: String(100 + i),
          timestamp: String(failedAt - 1_000),
          attributes: 0,
        };
        const error = Object.assign(new Error(`Schema 7 not found for ${key}`), { name: 'SchemaError' });
        return {
          ...deadLetterMessage({ topic: scenario.topic, partition: 0 }, consumed, error, 1, {
            firstFailureAt: new Date(failedAt),
          }),
          partition: 2,
          timestamp: String(deadLetteredAt),
        };
      }),
    });
  });
  afterAll(() => scenario?.close());

  it('lists every dead letter with its origin, error, attempts and own headers, oldest first', async () => {
    const all = await listDeadLetters(scenario.kafka, { topic: scenario.topic });
    expect(keysOf(all)).toEqual([...failed.map((r) => r.key), ...handWritten.map((h) => h.key)].sort());
    const times = all.map((r) => r.deadLetteredAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));

    for (const record of failed) {
      const dead = all.find((r) => r.key?.toString() === record.key) as DeadLetterRecord;
      const first = firstDeliveries.get(record.key);
      const decode = record.key.startsWith('decode-');
      expect(dead).toMatchObject({
        topic: scenario.deadLetterTopic,
        originTopic: scenario.topic,
        originPartition: record.partition,
        originOffset: first?.originalOffset,
        value: Buffer.from(record.value),
        valueSize: Buffer.byteLength(record.value),
        valuePreview: record.value,
        headers: { trace: Buffer.from(record.headers?.trace ?? '') },
        errorClass: decode ? 'DecodeError' : 'TimeoutError',
        errorMessage: decode
          ? `Unexpected token in ${record.key}`
          : `Timed out calling inventory for ${record.key}`,
        // A fatal error is dead-lettered on the first attempt, a transient one after the retry tier.
        attempts: decode ? 1 : 2,
        redrives: [],
      });
      expect(dead.errorStack).toContain(dead.errorMessage);
      expect(dead.firstFailureAt!.getTime()).toBeGreaterThanOrEqual(startedAt.getTime());
      expect(dead.firstFailureAt!.getTime()).toBeLessThanOrEqual(dead.deadLetteredAt.getTime());
      // Offsets are read from the DLQ; `list --offsets`-style lookups depend on them being the DLQ's.
      expect(Number(dead.offset)).toBeGreaterThanOrEqual(0);
    }
    // The DLQ's own and the retry tier's headers are not part of the record.
    for (const record of all)
      expect(Object.keys(record.headers).filter((name) => /^(dlq|retry)-/.test(name))).toEqual([]);
  });

  it('filters by error class exactly and by message text ignoring case', async () => {
    const list = (filter: { errorClass?: string; messageContains?: string }) =>
      listDeadLetters(scenario.kafka, { topic: scenario.deadLetterTopic, ...filter }).then(keysOf);
    expect(await list({ errorClass: 'DecodeError' })).toEqual([
      'decode-0',
      'decode-1',
      'decode-2',
      'decode-3',
    ]);
    expect(await list({ errorClass: 'TimeoutError' })).toEqual(['timeout-0', 'timeout-1', 'timeout-2']);
    expect(await list({ errorClass: 'Decode' })).toEqual([]);
    expect(await list({ messageContains: 'TIMED OUT calling' })).toEqual([
      'timeout-0',
      'timeout-1',
      'timeout-2',
    ]);
    expect(await list({ errorClass: 'SchemaError', messageContains: 'for old-b' })).toEqual(['old-b']);
  });

  it('filters by first-failure time or by DLQ time, from inclusive and to exclusive', async () => {
    const list = (from: number, to: number, timeField?: 'deadLettered') =>
      listDeadLetters(scenario.kafka, {
        topic: scenario.topic,
        from: new Date(from),
        to: new Date(to),
        ...(timeField ? { timeField } : {}),
      }).then(keysOf);
    // old-a failed at base, old-b at base+1h, old-c at base+2h (excluded: `to` is exclusive).
    expect(await list(base, base + 2 * HOUR)).toEqual(['old-a', 'old-b']);
    expect(await list(base + 1, base + 2 * HOUR + 1)).toEqual(['old-b', 'old-c']);
    // By DLQ time: old-b at base+1.5h, old-a at base+2h, old-c at base+2h10m.
    expect(await list(base + 1.75 * HOUR, base + 2.5 * HOUR)).toEqual(['old-c']);
    expect(await list(base + 1.75 * HOUR, base + 2.5 * HOUR, 'deadLettered')).toEqual(['old-a', 'old-c']);
    // Everything that failed since the test started: exactly the records runWithRetries dead-lettered.
    expect(await list(startedAt.getTime(), Date.now() + HOUR)).toEqual(failed.map((r) => r.key).sort());
  });

  it('narrows to one DLQ partition and cuts at a limit, oldest first', async () => {
    const all = await listDeadLetters(scenario.kafka, { topic: scenario.topic });
    const onTwo = await listDeadLetters(scenario.kafka, { topic: scenario.topic, partition: 2 });
    expect(onTwo).toEqual(all.filter((r) => r.partition === 2));
    expect(onTwo.length).toBeGreaterThanOrEqual(handWritten.length);
    expect(await listDeadLetters(scenario.kafka, { topic: scenario.topic, limit: 4 })).toEqual(
      all.slice(0, 4),
    );
    await expect(listDeadLetters(scenario.kafka, { topic: scenario.topic, partition: 7 })).rejects.toThrow(
      `${scenario.deadLetterTopic} has partitions 0-2, not 7`,
    );
  });

  it('leaves no committed offset behind', async () => {
    await listDeadLetters(scenario.kafka, { topic: scenario.topic });
    const readers = (await scenario.admin.listGroups()).groups.filter((g) =>
      g.groupId.startsWith(DEAD_LETTER_READER_GROUP_PREFIX),
    );
    // The broker keeps an empty group listed for a while, so the groups this run read with are checked.
    expect(readers.length).toBeGreaterThan(0);
    for (const { groupId } of readers) {
      const [committed] = await scenario.admin.fetchOffsets({ groupId, topics: [scenario.deadLetterTopic] });
      expect(committed?.partitions.map((p) => p.offset)).toEqual(['-1', '-1', '-1']);
    }
  });

  it('ends at once on an empty DLQ and fails clearly on a missing one', async () => {
    const empty = await DlqScenario.start('dlq-empty', 2);
    try {
      const began = Date.now();
      expect(await listDeadLetters(empty.kafka, { topic: empty.topic })).toEqual([]);
      expect(Date.now() - began).toBeLessThan(5_000);
    } finally {
      await empty.close();
    }
    const missing = uniqueName('dlq-missing');
    const error = await listDeadLetters(scenario.kafka, { topic: missing }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadLetterError);
    expect(error).toMatchObject({
      code: 'DLQ_TOPIC_MISSING',
      message: `topic ${missing}.dlq does not exist`,
    });
  });

  it('ends on a DLQ that keeps receiving records, with what was there when it started', async () => {
    const busy = await DlqScenario.start('dlq-busy', 2);
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await busy.producer.send({
          topic: busy.deadLetterTopic,
          messages: [{ key: `k${written}`, value: 'x', headers: { 'dlq-error-class': 'BusyError' } }],
        });
        written++;
      }
    })();
    try {
      while (written < 50) await new Promise((resolve) => setTimeout(resolve, 20));
      const before = written;
      const listed = await listDeadLetters(busy.kafka, { topic: busy.deadLetterTopic });
      const after = written;
      expect(listed.length).toBeGreaterThanOrEqual(before);
      expect(listed.length).toBeLessThanOrEqual(after);
      expect(after).toBeGreaterThan(before); // records kept arriving while it read
      // What was read is a prefix of each partition: no gaps.
      for (const partition of [0, 1]) {
        const offsets = listed.filter((r) => r.partition === partition).map((r) => Number(r.offset));
        expect(offsets.sort((a, b) => a - b)).toEqual(offsets.map((_, i) => i));
      }
    } finally {
      writing = false;
      await writer;
      await busy.close();
    }
  });
});
