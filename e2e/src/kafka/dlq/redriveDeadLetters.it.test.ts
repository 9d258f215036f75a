import {
  DeadLetterError,
  REDRIVE_HEADERS,
  deadLetterMessage,
  listDeadLetters,
  redriveDeadLetters,
} from '@streamforge/kafka';
import type { DeadLetterRecord, RedriveResult, RetryRunner } from '@streamforge/kafka';
import { uniqueName, waitFor } from '@streamforge/testing';
import { DlqScenario } from './DlqScenario.js';
import type { OriginRecord } from './failingHandler.js';
import { deadLetterThroughRetries } from './failingHandler.js';

const keysOf = (records: readonly { key: Buffer | null }[]) => records.map((r) => r.key?.toString()).sort();
const sentKeys = (result: RedriveResult) => keysOf(result.sent.map((s) => s.deadLetter));

/**
 * Dead letters written by runWithRetries while the handler is broken, then re-driven to the origin
 * topic once it is fixed: the same runner handles the copies. Tests run in order and share the DLQ.
 */
describe('redriveDeadLetters on a real broker', () => {
  let scenario: DlqScenario;
  let runner: RetryRunner;
  let broken = true;
  const handled: { key: string; headers: Record<string, string> }[] = [];
  const origin: OriginRecord[] = [
    ...[0, 1, 2].map((i) => ({
      key: `decode-${i}`,
      value: `{"n":${i}`,
      partition: i,
      headers: { trace: `t-d${i}` },
    })),
    ...[0, 1].map((i) => ({
      key: `timeout-${i}`,
      value: `order ${i}`,
      partition: i + 1,
      headers: { trace: `t-t${i}` },
    })),
    { key: 'ok-0', value: 'fine', partition: 0 },
  ];
  const decodeKeys = ['decode-0', 'decode-1', 'decode-2'];

  beforeAll(async () => {
    scenario = await DlqScenario.start('dlq-redrive');
    ({ runner } = await deadLetterThroughRetries(
      scenario,
      origin,
      () => broken,
      (key, headers) => handled.push({ key, headers }),
    ));
    broken = false;
  });
  afterAll(async () => {
    await runner?.stop();
    await scenario?.close();
  });

  const ends = async () => ({
    origin: await scenario.endOffsets(scenario.topic),
    dlq: await scenario.endOffsets(scenario.deadLetterTopic),
  });
  const list = () => listDeadLetters(scenario.kafka, { topic: scenario.topic });
  const byKey = (records: readonly DeadLetterRecord[], key: string) =>
    records.find((r) => r.key?.toString() === key) as DeadLetterRecord;

  it('in a dry run reports what it would send and sends nothing', async () => {
    const before = await ends();
    const result = await redriveDeadLetters(scenario.kafka, {
      topic: scenario.topic,
      selection: { errorClass: 'DecodeError' },
      dryRun: true,
    });
    expect(result.dryRun).toBe(true);
    expect(sentKeys(result)).toEqual(decodeKeys);
    for (const { deadLetter, toTopic, toPartition } of result.sent) {
      expect(toTopic).toBe(scenario.topic);
      expect(toPartition).toBe(deadLetter.originPartition);
    }
    expect(result.skipped).toEqual([]);
    // Neither a copy on the origin topic nor a marker on the DLQ.
    expect(await ends()).toEqual(before);
    expect((await list()).every((r) => r.redrives.length === 0)).toBe(true);
  });

  it('sends exactly the chosen dead letters to their origin with key, value and headers intact', async () => {
    const before = await ends();
    const deadLetters = await list();
    const originals = await scenario.readSince(scenario.topic, new Map());
    const result = await redriveDeadLetters(scenario.kafka, {
      topic: scenario.topic,
      selection: { errorClass: 'DecodeError' },
      // Two transactions for three records: each commits its copies with their markers.
      recordsPerTransaction: 2,
    });
    expect(result.dryRun).toBe(false);
    expect(sentKeys(result)).toEqual(decodeKeys);

    const copies = await scenario.readSince(scenario.topic, before.origin);
    expect(copies.map((c) => c.key).sort()).toEqual(decodeKeys);
    for (const copy of copies) {
      const record = origin.find((r) => r.key === copy.key) as OriginRecord;
      const deadLetter = byKey(deadLetters, record.key);
      const original = originals.find((r) => r.key === record.key);
      expect(copy).toEqual({
        partition: record.partition,
        offset: copy.offset,
        // The copy keeps its event's timestamp, as the services do when they forward a record.
        timestamp: original?.timestamp,
        key: record.key,
        value: record.value,
        headers: {
          trace: record.headers?.trace,
          [REDRIVE_HEADERS.fromTopic]: scenario.deadLetterTopic,
          [REDRIVE_HEADERS.fromPartition]: String(deadLetter.partition),
          [REDRIVE_HEADERS.fromOffset]: deadLetter.offset,
          [REDRIVE_HEADERS.at]: result.at.toISOString(),
        },
      });
    }

    // The fixed handler takes the copies; the listing shows which dead letters were re-driven.
    await waitFor(() => decodeKeys.every((key) => handled.some((h) => h.key === key)), {
      timeoutMs: 20_000,
      description: 'the handler to take the re-driven records',
    });
    expect(handled.find((h) => h.key === 'decode-1')?.headers[REDRIVE_HEADERS.fromTopic]).toBe(
      scenario.deadLetterTopic,
    );
    const after = await list();
    for (const record of after) {
      const decode = record.errorClass === 'DecodeError';
      expect(record.redrives).toEqual(
        decode ? [{ toTopic: scenario.topic, at: result.at, markerOffset: expect.any(String) }] : [],
      );
    }
    expect(keysOf(await listDeadLetters(scenario.kafka, { topic: scenario.topic, redriven: false }))).toEqual(
      ['timeout-0', 'timeout-1'],
    );
  });

  it('does not send a dead letter twice unless repeats are allowed', async () => {
    const before = await ends();
    const again = await redriveDeadLetters(scenario.kafka, {
      topic: scenario.topic,
      selection: { errorClass: 'DecodeError' },
    });
    expect(again.sent).toEqual([]);
    expect(again.skipped.map((s) => [s.deadLetter.key?.toString(), s.reason]).sort()).toEqual(
      decodeKeys.map((key) => [key, 'already-redriven']),
    );
    expect((await ends()).origin).toEqual(before.origin);

    // Listed by position: the re-driven one is skipped, the fresh one is sent.
    const deadLetters = await list();
    const decode0 = byKey(deadLetters, 'decode-0');
    const timeout0 = byKey(deadLetters, 'timeout-0');
    const offsets = [decode0, timeout0].map(({ partition, offset }) => ({ partition, offset }));
    const chosen = await redriveDeadLetters(scenario.kafka, {
      topic: scenario.topic,
      selection: { offsets },
    });
    expect(sentKeys(chosen)).toEqual(['timeout-0']);
    expect(chosen.skipped.map((s) => [s.deadLetter.key?.toString(), s.reason])).toEqual([
      ['decode-0', 'already-redriven'],
    ]);

    const repeated = await redriveDeadLetters(scenario.kafka, {
      topic: scenario.topic,
      selection: { offsets: offsets.slice(0, 1) },
      allowRepeat: true,
    });
    expect(sentKeys(repeated)).toEqual(['decode-0']);
    const copies = await scenario.readSince(scenario.topic, before.origin);
    expect(copies.map((c) => c.key).sort()).toEqual(['decode-0', 'timeout-0']);
    expect(byKey(await list(), 'decode-0').redrives.map((mark) => mark.at)).toEqual([
      byKey(deadLetters, 'decode-0').redrives[0]?.at,
      repeated.at,
    ]);
  });

  it('refuses positions that hold no dead letter, and sends nothing', async () => {
    const before = await ends();
    const decode1 = byKey(await list(), 'decode-1');
    const marker = decode1.redrives[0] as { markerOffset: string };
    for (const offsets of [
      [{ partition: 0, offset: '999' }],
      [{ partition: decode1.partition, offset: marker.markerOffset }],
    ]) {
      const error = await redriveDeadLetters(scenario.kafka, {
        topic: scenario.topic,
        selection: { offsets: [{ partition: decode1.partition, offset: decode1.offset }, ...offsets] },
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeadLetterError);
      expect(error).toMatchObject({ code: 'DLQ_OFFSET_NOT_FOUND' });
      expect((error as Error).message).toContain(
        `no dead letter at ${offsets[0]?.partition}:${offsets[0]?.offset}`,
      );
    }
    expect(await ends()).toEqual(before);
  });

  it('lets only one of two simultaneous re-drives send each dead letter', async () => {
    const before = await ends();
    const outcomes = await Promise.allSettled(
      [1, 2].map(() =>
        redriveDeadLetters(scenario.kafka, {
          topic: scenario.topic,
          selection: { errorClass: 'TimeoutError' },
        }),
      ),
    );
    const sent = outcomes.flatMap((o) => (o.status === 'fulfilled' ? sentKeys(o.value) : []));
    for (const outcome of outcomes)
      if (outcome.status === 'rejected') expect(outcome.reason).toMatchObject({ code: 'DLQ_REDRIVE_FAILED' });
    // timeout-0 was re-driven before; timeout-1 goes exactly once, whichever re-drive won.
    expect(sent).toEqual(['timeout-1']);
    const copies = await scenario.readSince(scenario.topic, before.origin);
    expect(copies.map((c) => c.key)).toEqual(['timeout-1']);
  });

  it('refuses to send to an origin topic that does not exist, and skips dead letters without an origin', async () => {
    const strays = await DlqScenario.start('dlq-stray', 1);
    try {
      const gone = uniqueName('dlq-gone');
      await strays.producer.send({
        topic: strays.deadLetterTopic,
        messages: [
          { key: 'no-origin', value: 'written by some other tool' },
          deadLetterMessage(
            { topic: gone, partition: 0 },
            {
              key: Buffer.from('lost'),
              value: Buffer.from('v'),
              headers: {},
              offset: '5',
              timestamp: '0',
              attributes: 0,
            },
            new Error('boom'),
          ),
        ],
      });
      const error = await redriveDeadLetters(strays.kafka, { topic: strays.topic, selection: {} }).catch(
        (e: unknown) => e,
      );
      expect(error).toMatchObject({
        code: 'DLQ_ORIGIN_MISSING',
        message: `origin topic ${gone} does not exist; nothing was sent`,
      });
      const before = await strays.endOffsets(strays.deadLetterTopic);
      const result = await redriveDeadLetters(strays.kafka, {
        topic: strays.topic,
        selection: { offsets: [{ partition: 0, offset: '0' }] },
      });
      expect(result.sent).toEqual([]);
      expect(result.skipped.map((s) => [s.deadLetter.key?.toString(), s.reason])).toEqual([
        ['no-origin', 'no-origin-topic'],
      ]);
      expect(await strays.endOffsets(strays.deadLetterTopic)).toEqual(before);
    } finally {
      await strays.close();
    }
  });
});
