import type { MergeableAggregateFunction } from '../../aggregate/AggregateFunction.js';
import { StreamJob } from '../../datastream/StreamJob.js';
import { outOfOrderEvents } from '../../__tests__/outOfOrderEvents.js';
import type { OracleEvent } from '../../__tests__/outOfOrderEvents.js';
import { seededRandom } from '../../__tests__/seededRandom.js';
import { eventTime } from '../../time/TimeSemantics.js';
import { sessionWindows, slidingWindows, tumblingWindows } from '../../window/WindowAssigner.js';
import type { Task, TaskBatchResult } from '../Task.js';
import { changelogField, decodeMutation, encodeMutation } from './changelogCodec.js';
import type { EncodedMutation } from './changelogCodec.js';

describe('changelog codec', () => {
  it('round-trips entries whose namespaces and keys hold slashes and percent signs', () => {
    const mutations = [
      { op: 'put', namespace: 'window-1/w/0/60000', key: 'user/1', value: { count: 2 } },
      { op: 'put', namespace: 'a%2Fb', key: '%', value: [1, 'x'], expiresAt: 1_000 },
      { op: 'delete', namespace: 'a/b', key: 'c' },
    ] as const;
    for (const mutation of mutations) expect(decodeMutation(encodeMutation(mutation))).toEqual(mutation);
    // The same joined text, but different entries: they must not share a compaction key.
    expect(changelogField('a/b', 'c')).not.toBe(changelogField('a', 'b/c'));
  });

  it('fails on a corrupt entry with a typed error', () => {
    expect(() => decodeMutation({ field: 'ns/k', value: '{' })).toThrow(
      expect.objectContaining({ code: 'STATE_ENTRY_CORRUPT' }),
    );
  });
});

/**
 * What the Kafka runtime does on every restore, without Kafka: a task is rebuilt from a checkpoint
 * plus the changelog after it, both as JSON text. Cutting a run at random batches and continuing on
 * the rebuilt task must give the outputs of the uninterrupted run.
 */
describe('restoring a task from the JSON changelog', () => {
  const events = outOfOrderEvents({
    seed: 7,
    events: 20_000,
    keys: 100,
    partitions: 1,
    stepMs: 20,
    boundMs: 2_000,
    delayedShare: 0.03,
    maxDelayMs: 40_000,
    gridShare: 0.3,
    gridMs: 1_000,
  });
  const totals: MergeableAggregateFunction<OracleEvent, number, number> = {
    createAccumulator: () => 0,
    add: (acc, event) => acc + event.amount,
    getResult: (acc) => acc,
    merge: (a, b) => a + b,
  };
  const createTask = (): Task => {
    const job = new StreamJob();
    const byKey = job
      .fromArray<OracleEvent>([], {
        time: eventTime((e: OracleEvent) => e.t, { maxOutOfOrdernessMs: 2_000 }),
      })
      .keyBy((e) => e.key);
    const options = { allowedLatenessMs: 5_000 };
    byKey
      .window(tumblingWindows(10_000), options)
      .aggregate(totals)
      .subscribe(() => undefined);
    byKey
      .window(slidingWindows(30_000, 10_000), options)
      .aggregate(totals)
      .subscribe(() => undefined);
    byKey
      .window(sessionWindows(3_000), options)
      .aggregate(totals)
      .subscribe(() => undefined);
    return job.createTask({ now: 0 });
  };
  const outputsOf = (result: TaskBatchResult) => JSON.stringify([result.outputs, result.late]);

  it('continues exactly where the uninterrupted run is', () => {
    const random = seededRandom(11);
    const batches: OracleEvent[][] = [];
    for (let start = 0; start < events.length;) {
      const size = 1 + Math.floor(random() * 200);
      batches.push(events.slice(start, start + size));
      start += size;
    }
    const uninterrupted = createTask();
    let task = createTask();
    // Redis holds the checkpoint; the changelog holds every change since.
    const checkpoint = new Map<string, string>();
    let changelog: EncodedMutation[] = [];
    let restores = 0;
    batches.forEach((batch, index) => {
      const records = batch.map((value) => ({ value }));
      const expected = uninterrupted.process('source-1', 0, records, index);
      const result = task.process('source-1', 0, records, index);
      expect(outputsOf(result)).toBe(outputsOf(expected));
      changelog.push(...result.mutations.map(encodeMutation));
      if (random() < 0.2) {
        for (const { field, value } of changelog) {
          if (value === null) checkpoint.delete(field);
          else checkpoint.set(field, value);
        }
        changelog = [];
      }
      if (random() < 0.15) {
        task = createTask();
        task.restore(
          [...[...checkpoint].map(([field, value]) => ({ field, value })), ...changelog].map(decodeMutation),
        );
        restores++;
      }
    });
    expect(outputsOf(task.finish(1e9))).toBe(outputsOf(uninterrupted.finish(1e9)));
    expect(restores).toBeGreaterThan(10);
  });
});
