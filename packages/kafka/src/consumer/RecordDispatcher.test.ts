import type { KafkaMessage } from 'kafkajs';
import { ConsumerHandlerError } from './ConsumerHandlerError.js';
import type { ConsumerRecord, RecordErrorPolicy } from './ConsumerRecord.js';
import type { RecordDispatcherOptions } from './RecordDispatcher.js';
import { RecordDispatcher } from './RecordDispatcher.js';

const TOPIC = 't';

function message(offset: number, key: string | null): KafkaMessage {
  return {
    key: key === null ? null : Buffer.from(key),
    value: Buffer.from(`v${offset}`),
    timestamp: '0',
    attributes: 0,
    offset: String(offset),
    headers: {},
  };
}

/**
 * A dispatcher whose handler runs until the test finishes the record by hand, with everything it
 * reports recorded: the order records started in, pauses, resumes and failures.
 */
function harness(overrides: Partial<RecordDispatcherOptions> = {}) {
  const started: ConsumerRecord[] = [];
  const finishers = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();
  const flow: string[] = [];
  const failures: ConsumerHandlerError[] = [];
  const dispatcher = new RecordDispatcher({
    handler: (record) =>
      new Promise<void>((resolve, reject) => {
        started.push(record);
        finishers.set(`${record.partition}:${record.message.offset}`, { resolve, reject });
      }),
    concurrency: 8,
    maxInFlightPerPartition: 100,
    resumeAtInFlight: 50,
    maxUncommittedPerPartition: 1_000,
    retryBackoff: { initialMs: 5, multiplier: 1, maxMs: 5 },
    flow: {
      pause: (state) => flow.push(`pause ${state.partition} at ${state.inFlight}`),
      resume: (state) => flow.push(`resume ${state.partition} at ${state.inFlight}`),
    },
    onFailure: (error) => failures.push(error),
    ...overrides,
  });
  /** Lets the record at `offset` of `partition` finish (or fail), then lets the dispatcher react. */
  const finish = async (offset: number, partition = 0, error?: Error) => {
    const finisher = finishers.get(`${partition}:${offset}`);
    if (!finisher) throw new Error(`record ${partition}:${offset} is not running`);
    finishers.delete(`${partition}:${offset}`);
    if (error) finisher.reject(error);
    else finisher.resolve();
    await new Promise((resolve) => setImmediate(resolve));
  };
  const startedOffsets = () => started.map((r) => `${r.partition}:${r.message.offset}#${r.attempt}`);
  const committable = (partition = 0) => dispatcher.stateOf(TOPIC, partition)?.tracker.committable();
  return { dispatcher, started, startedOffsets, flow, failures, finish, committable };
}

describe('RecordDispatcher', () => {
  it('runs different keys at once, the same key in offset order, and commits only below the oldest unfinished', async () => {
    const { dispatcher, startedOffsets, finish, committable } = harness();
    for (const [offset, key] of [
      [0, 'a'],
      [1, 'b'],
      [2, 'a'],
      [3, null],
      [4, null],
    ] as const)
      expect(dispatcher.offer(TOPIC, 0, message(offset, key))).toBe('accepted');
    // a@2 waits for a@0, null@4 for null@3.
    expect(startedOffsets()).toEqual(['0:0#1', '0:1#1', '0:3#1']);
    await finish(1);
    await finish(3);
    expect(startedOffsets()).toEqual(['0:0#1', '0:1#1', '0:3#1', '0:4#1']);
    expect(committable()).toBe(0);
    await finish(0);
    expect(startedOffsets()).toContain('0:2#1');
    expect(committable()).toBe(2);
    await finish(4);
    await finish(2);
    expect(committable()).toBe(5);
    expect(dispatcher.commitPositions()).toEqual([expect.objectContaining({ offset: 5 })]);
  });

  it('pauses a partition at maxInFlightPerPartition, takes nothing more, and resumes it at the low-water mark', async () => {
    const { dispatcher, flow, finish } = harness({
      concurrency: 2,
      maxInFlightPerPartition: 4,
      resumeAtInFlight: 1,
    });
    const outcomes = [0, 1, 2, 3, 4, 5].map((offset) =>
      dispatcher.offer(TOPIC, 0, message(offset, `k${offset}`)),
    );
    expect(outcomes).toEqual(['accepted', 'accepted', 'accepted', 'accepted', 'full', 'full']);
    expect(flow).toEqual(['pause 0 at 4']);
    // Another partition is not held back.
    expect(dispatcher.offer(TOPIC, 1, message(0, 'x'))).toBe('accepted');
    await finish(0);
    await finish(1);
    expect(flow).toEqual(['pause 0 at 4']);
    await finish(2);
    expect(flow).toEqual(['pause 0 at 4', 'resume 0 at 1']);
    expect(dispatcher.offer(TOPIC, 0, message(4, 'k4'))).toBe('accepted');
  });

  it('pauses a partition whose watermark is stuck once maxUncommittedPerPartition records sit above it', async () => {
    const { dispatcher, flow, finish } = harness({
      concurrency: 10,
      maxInFlightPerPartition: 4,
      resumeAtInFlight: 2,
      maxUncommittedPerPartition: 6,
    });
    // Offset 0 stays unfinished; the rest finish one by one.
    const offered: string[] = [];
    for (let offset = 0; offset < 10; offset++) {
      offered.push(dispatcher.offer(TOPIC, 0, message(offset, `k${offset}`)));
      if (offset > 0 && offered[offset] === 'accepted') await finish(offset);
    }
    expect(offered.filter((o) => o === 'accepted')).toHaveLength(6);
    // Paused on taking the sixth, while it still ran beside the stuck one.
    expect(flow).toEqual(['pause 0 at 2']);
    await finish(0);
    // Watermark jumps to 6: nothing is uncommitted, nothing in flight.
    expect(flow).toEqual(['pause 0 at 2', 'resume 0 at 0']);
  });

  it('ignores a re-fetched record it has accepted before', () => {
    const { dispatcher, startedOffsets } = harness();
    dispatcher.offer(TOPIC, 0, message(7, 'a'));
    expect(dispatcher.offer(TOPIC, 0, message(7, 'a'))).toBe('duplicate');
    expect(dispatcher.offer(TOPIC, 0, message(6, 'b'))).toBe('duplicate');
    expect(startedOffsets()).toEqual(['0:7#1']);
  });

  it('gives partitions turns, so that one with many ready keys does not take every slot', () => {
    const { dispatcher, startedOffsets } = harness({ concurrency: 3 });
    dispatcher.setHeld(true);
    for (let offset = 0; offset < 10; offset++) dispatcher.offer(TOPIC, 0, message(offset, `k${offset}`));
    dispatcher.offer(TOPIC, 1, message(0, 'x'));
    dispatcher.setHeld(false);
    expect(startedOffsets()).toEqual(['0:0#1', '1:0#1', '0:1#1']);
  });

  it('without onError stops on a failure: the record and later ones of its key stay uncommitted, other keys drain', async () => {
    const { dispatcher, startedOffsets, failures, finish, committable } = harness();
    dispatcher.offer(TOPIC, 0, message(0, 'ok'));
    dispatcher.offer(TOPIC, 0, message(1, 'bad'));
    dispatcher.offer(TOPIC, 0, message(2, 'bad'));
    dispatcher.offer(TOPIC, 0, message(3, 'ok'));
    await finish(1, 0, new Error('boom'));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toBeInstanceOf(ConsumerHandlerError);
    expect(failures[0]?.context).toEqual({ topic: TOPIC, partition: 0, offset: '1' });
    expect((failures[0]?.cause as Error).message).toBe('boom');
    await finish(0);
    await finish(3);
    await dispatcher.whenQuiescent();
    expect(startedOffsets()).not.toContain('0:2#1');
    expect(committable()).toBe(1);
    expect(dispatcher.unfinished()).toBe(2);
  });

  it("retries in place on 'retry' before the key's next record, and passes a record on 'skip'", async () => {
    const seen: Array<[string, number]> = [];
    const onError: RecordErrorPolicy = (_error, record) => {
      seen.push([record.message.offset, record.attempt]);
      return record.message.offset === '0' && record.attempt < 3 ? 'retry' : 'skip';
    };
    const { dispatcher, startedOffsets, failures, finish, committable } = harness({ onError });
    dispatcher.offer(TOPIC, 0, message(0, 'a'));
    dispatcher.offer(TOPIC, 0, message(1, 'a'));
    dispatcher.offer(TOPIC, 0, message(2, 'b'));
    await finish(0, 0, new Error('flaky'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await finish(0, 0, new Error('flaky'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(startedOffsets()).toEqual(['0:0#1', '0:2#1', '0:0#2', '0:0#3']);
    await finish(0);
    await finish(1, 0, new Error('bad record'));
    await finish(2);
    expect(startedOffsets()).toEqual(['0:0#1', '0:2#1', '0:0#2', '0:0#3', '0:1#1']);
    expect(seen).toEqual([
      ['0', 1],
      ['0', 2],
      ['1', 1],
    ]);
    expect(failures).toEqual([]);
    expect(committable()).toBe(3);
  });

  it('stops with the policy’s own error when it throws, and with a TypeError when it answers nonsense', async () => {
    const policy = jest.fn<ReturnType<RecordErrorPolicy>, Parameters<RecordErrorPolicy>>();
    const { dispatcher, failures, finish } = harness({ onError: policy });
    policy.mockImplementationOnce(() => {
      throw new Error('policy says no');
    });
    policy.mockImplementationOnce(() => 'later' as unknown as 'retry');
    dispatcher.offer(TOPIC, 0, message(0, 'a'));
    dispatcher.offer(TOPIC, 0, message(1, 'b'));
    await finish(0, 0, new Error('first'));
    await finish(1, 0, new Error('second'));
    expect(failures.map((f) => (f.cause as Error).message)).toEqual([
      'policy says no',
      "onError returned later, not 'retry', 'skip' or 'stop'",
    ]);
    expect(failures[1]?.cause).toBeInstanceOf(TypeError);
  });

  it('drops a revoked partition’s waiting records and ignores its late completions', async () => {
    const { dispatcher, startedOffsets, finish } = harness({ concurrency: 1 });
    dispatcher.offer(TOPIC, 0, message(0, 'a'));
    dispatcher.offer(TOPIC, 0, message(1, 'b'));
    const state = dispatcher.stateOf(TOPIC, 0)!;
    dispatcher.revoke(state);
    expect(dispatcher.stateOf(TOPIC, 0)).toBeUndefined();
    await finish(0);
    await dispatcher.whenQuiescent();
    expect(startedOffsets()).toEqual(['0:0#1']);
    expect(state.tracker.committable()).toBe(0);
    expect(dispatcher.commitPositions()).toEqual([]);
  });

  it('is quiescent only when nothing runs and nothing can start', async () => {
    const { dispatcher, finish } = harness({ concurrency: 1 });
    dispatcher.offer(TOPIC, 0, message(0, 'a'));
    dispatcher.offer(TOPIC, 0, message(1, 'b'));
    let quiet = false;
    void dispatcher.whenQuiescent().then(() => (quiet = true));
    await finish(0);
    expect(quiet).toBe(false);
    await finish(1);
    expect(quiet).toBe(true);
    expect(dispatcher.unfinished()).toBe(0);
  });
});
