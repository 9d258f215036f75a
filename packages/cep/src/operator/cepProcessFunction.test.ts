import { OutputTag, StreamJob, eventTime } from '@streamforge/stream';
import type { StateMutation, TaskBatchResult } from '@streamforge/stream';
import { randomStream, seededRandom, type TestEvent } from '../__tests__/testEvents.js';
import type { CepMatch, CepTimeout, LateEvent } from '../matcher/MatcherEvents.js';
import { PatternMatcher } from '../matcher/PatternMatcher.js';
import type { Condition } from '../pattern/Condition.js';
import type { Pattern } from '../pattern/Pattern.js';
import { PatternBuilder } from '../pattern/PatternBuilder.js';
import { AfterMatchSkip } from '../skip/AfterMatchSkipStrategy.js';
import { cepProcessFunction } from './cepProcessFunction.js';
import { PatternRegistry } from './PatternRegistry.js';

const BOUND_MS = 500;
const is =
  (...types: string[]): Condition<TestEvent> =>
  (event) =>
    types.includes(event.type);
const create = (id: string) => PatternBuilder.create<TestEvent>(id, id, { keyBy: (event) => event.key });

const patterns = (): Pattern<TestEvent>[] => [
  create('loop')
    .begin('a')
    .where(is('a'))
    .followedBy('b')
    .where(is('b'))
    .oneOrMore()
    .followedBy('c')
    .where(is('c'))
    .within(3_000)
    .build(),
  create('greedy-skip')
    .begin('a')
    .where(is('a', 'b'))
    .followedByAny('b')
    .where(is('b', 'c'))
    .oneOrMore()
    .greedy()
    .next('d')
    .where(is('d'))
    .skip(AfterMatchSkip.skipPastLastEvent())
    .within(4_000)
    .build(),
  create('negation')
    .begin('a')
    .where(is('a'))
    .notFollowedBy('nb')
    .where(is('b'))
    .followedBy('c')
    .where(is('c'))
    .within(5_000)
    .build(),
  // No within: its runs never time out and stay in state to the end.
  create('sum')
    .begin('x')
    .where(is('d'))
    .followedBy('more')
    .where((event, ctx) => ctx.events('more').reduce((sum, e) => sum + e.value, 0) + event.value <= 9)
    .times(3)
    .build(),
];

const spell = (events: Readonly<Record<string, readonly TestEvent[]>>) =>
  Object.entries(events)
    .map(([name, list]) => `${name}=${list.map((event) => event.index).join('.')}`)
    .join(' ');
const matchLine = (m: CepMatch<TestEvent>) =>
  `match ${m.patternId} ${m.key} ${spell(m.events)} @${m.completedAt}`;
const timeoutLine = (t: CepTimeout<TestEvent>) =>
  `timeout ${t.patternId} ${t.key} ${spell(t.events)} @${t.timedOutAt}`;
const lateLine = (l: LateEvent<TestEvent>) =>
  `late ${l.patternId} ${l.key} ${l.event.index} behind ${l.behind}`;

/** Interleaved keys with ~8% of the events held back a little, so some arrive behind their key or the watermark. */
function outOfOrderStream(seed: number): TestEvent[] {
  const ordered = randomStream(seed, {
    keys: 12,
    eventsPerKey: 40,
    types: ['a', 'b', 'c', 'd'],
    maxGapMs: 300,
  });
  const random = seededRandom(seed + 1);
  const arrival = ordered.map((event, position) => ({
    event,
    at: position + (random() < 0.08 ? 1 + Math.floor(random() * 12) : 0),
  }));
  return arrival.sort((left, right) => left.at - right.at).map(({ event }) => event);
}

/** The oracle: a plain PatternMatcher advanced to the source's watermark after each event, as the task does. */
function matcherRun(events: readonly TestEvent[]): string[] {
  const matcher = new PatternMatcher<TestEvent>();
  patterns().forEach((pattern) => matcher.registerPattern(pattern));
  const out: string[] = [];
  matcher.on('match', (m) => out.push(matchLine(m)));
  matcher.on('timeout', (t) => out.push(timeoutLine(t)));
  matcher.on('late', (l) => out.push(lateLine(l)));
  let maxTimestamp = Number.NEGATIVE_INFINITY;
  for (const event of events) {
    matcher.process(event);
    maxTimestamp = Math.max(maxTimestamp, event.timestamp);
    matcher.advanceTime(maxTimestamp - BOUND_MS - 1);
  }
  matcher.advanceTime(Number.POSITIVE_INFINITY);
  return out.sort();
}

interface CepJob {
  job: StreamJob;
  registry: PatternRegistry<TestEvent>;
}

/** events → keyBy(key) → the CEP operator, with matches, timeouts and late events into `out`. */
function cepJob(
  events: readonly TestEvent[],
  out: string[],
  registry = new PatternRegistry(patterns()),
): CepJob {
  const job = new StreamJob();
  const timeouts = new OutputTag<CepTimeout<TestEvent>>('timeouts');
  const late = new OutputTag<LateEvent<TestEvent>>('late');
  const matches = job
    .fromArray(events, {
      name: 'events',
      time: eventTime((event: TestEvent) => event.timestamp, { maxOutOfOrdernessMs: BOUND_MS }),
    })
    .keyBy((event) => event.key)
    .process(cepProcessFunction<TestEvent>({ patterns: registry, timeouts, late }), { name: 'cep' });
  matches.subscribe((m) => out.push(matchLine(m)));
  matches.sideOutput(timeouts).subscribe((t) => out.push(timeoutLine(t)));
  matches.sideOutput(late).subscribe((l) => out.push(lateLine(l)));
  return { job, registry };
}

/** What a task's batch emitted, in the same line format. */
function lines(result: TaskBatchResult): string[] {
  return result.emitted.map(({ value }) => {
    const item = value as CepMatch<TestEvent> & CepTimeout<TestEvent> & LateEvent<TestEvent>;
    if ('event' in item) return lateLine(item);
    return 'completedAt' in item ? matchLine(item) : timeoutLine(item);
  });
}

describe('cepProcessFunction on the stream engine', () => {
  it.each([3, 17, 42])('emits what a PatternMatcher emits on the same input (seed %i)', async (seed) => {
    const events = outOfOrderStream(seed);
    const expected = matcherRun(events);
    const kinds = (list: string[]) => new Set(list.map((line) => line.split(' ')[0]));
    // The input must exercise every output, or equality would prove little.
    expect(kinds(expected)).toEqual(new Set(['match', 'timeout', 'late']));
    expect(expected.filter((line) => line.startsWith('match')).length).toBeGreaterThan(20);

    const out: string[] = [];
    await cepJob(events, out).job.run({ batchSize: 7, clock: () => 0 });
    expect(out.sort()).toEqual(expected);
  });

  it('writes only the changed (key, pattern) entries to the changelog, and drops idle ones', () => {
    const { job } = cepJob([], []);
    const task = job.createTask({ now: 0 });
    const event = (key: string, type: string, timestamp: number, index: number): TestEvent => ({
      key,
      type,
      value: 1,
      timestamp,
      index,
    });
    task.process(
      'events',
      0,
      [{ value: event('k1', 'a', 1_000, 0) }, { value: event('k2', 'c', 1_100, 0) }],
      0,
    );
    const changed = task.process('events', 0, [{ value: event('k1', 'x', 1_200, 1) }], 0).mutations;
    // k1's 'a' opened runs of three patterns; the 'x' changed exactly those three entries and nothing of k2.
    const stateEntries = (mutations: StateMutation[]) =>
      mutations
        .filter((m) => m.namespace.startsWith('cep/s/cep-runs/'))
        .map((m) => `${m.op} ${m.namespace.slice('cep/s/cep-runs/'.length)}:${m.key}`)
        .sort();
    expect(stateEntries(changed)).toEqual(['put k1:greedy-skip', 'put k1:loop', 'put k1:negation']);
    const closed = task.process('events', 0, [{ value: event('k1', 'c', 9_000, 2) }], 0);
    // Every run of k1 expired before the 'c' (the NFA advances to an event's time first): all idle.
    expect(stateEntries(closed.mutations)).toEqual([
      'delete k1:greedy-skip',
      'delete k1:loop',
      'delete k1:negation',
    ]);
  });

  it('resumes from the changelog at any batch and emits exactly what an uninterrupted task emits', () => {
    const events = outOfOrderStream(5);
    const batches: TestEvent[][] = [];
    for (let start = 0; start < events.length; start += 9) batches.push(events.slice(start, start + 9));
    const run = (cut: number): string[] => {
      const out: string[] = [];
      const changelog: StateMutation[] = [];
      let task = cepJob([], []).job.createTask({ now: 0 });
      batches.forEach((batch, index) => {
        if (index === cut) {
          // A crash: a new process rebuilds the task from the changelog's JSON alone.
          task = cepJob([], []).job.createTask({ now: 0 });
          task.restore(JSON.parse(JSON.stringify(changelog)) as StateMutation[]);
        }
        const result = task.process(
          'events',
          0,
          batch.map((value) => ({ value })),
          0,
        );
        changelog.push(...result.mutations);
        out.push(...lines(result));
      });
      out.push(...lines(task.finish(0)));
      return out;
    };
    const uninterrupted = run(-1);
    expect(uninterrupted.length).toBeGreaterThan(50);
    for (const cut of [1, 11, 30, batches.length - 1])
      expect({ cut, out: run(cut) }).toEqual({ cut, out: uninterrupted });
  });

  it('keeps the partial matches of unchanged patterns across a reload and drops those of changed ones', () => {
    const out: string[] = [];
    const registry = new PatternRegistry<TestEvent>([
      { pattern: patterns()[0] as Pattern<TestEvent>, version: 'v1' },
      { pattern: patterns()[2] as Pattern<TestEvent>, version: 'v1' },
    ]);
    const { job } = cepJob([], out, registry);
    const task = job.createTask({ now: 0 });
    const event = (type: string, timestamp: number, index: number): TestEvent => ({
      key: 'k',
      type,
      value: 1,
      timestamp,
      index,
    });
    out.push(
      ...lines(
        task.process('events', 0, [{ value: event('a', 1_000, 0) }, { value: event('b', 1_100, 1) }], 0),
      ),
    );
    const changes = registry.replaceAll([
      { pattern: patterns()[0] as Pattern<TestEvent>, version: 'v1' },
      { pattern: patterns()[2] as Pattern<TestEvent>, version: 'v2' },
      { pattern: patterns()[1] as Pattern<TestEvent>, version: 'v1' },
    ]);
    expect(changes).toEqual({
      added: ['greedy-skip'],
      changed: ['negation'],
      removed: [],
      unchanged: ['loop'],
    });
    out.push(...lines(task.process('events', 0, [{ value: event('c', 1_200, 2) }], 0)));
    // loop kept a0 b1 and completes; negation's run from a0 was dropped with its old version.
    expect(out).toEqual(['match loop k a=0 b=1 c=2 @1200']);
    registry.replaceAll([{ pattern: patterns()[1] as Pattern<TestEvent>, version: 'v1' }]);
    // The key's next event deletes the state of patterns that are gone (loop still had a0 b1 open).
    const after = task.process('events', 0, [{ value: event('d', 1_300, 3) }], 0);
    expect(after.mutations.filter((m) => m.op === 'delete').map((m) => m.key)).toEqual(['loop']);
    expect(
      task
        .snapshot()
        .filter((m) => m.namespace.startsWith('cep/s/cep-runs/'))
        .map((m) => m.key),
    ).toEqual([]);
  });
});
