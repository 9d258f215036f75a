import { NfaHarness } from '../__tests__/nfaHarness.js';
import { randomStream, spell, type TestEvent } from '../__tests__/testEvents.js';
import type { Condition } from '../pattern/Condition.js';
import type { Pattern } from '../pattern/Pattern.js';
import { PatternBuilder } from '../pattern/PatternBuilder.js';
import { AfterMatchSkip } from '../skip/AfterMatchSkipStrategy.js';
import { PatternMatcher } from './PatternMatcher.js';

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
];

/** Everything a matcher emits, as comparable strings. */
function record(matcher: PatternMatcher<TestEvent>): string[] {
  const out: string[] = [];
  const spell = (events: Readonly<Record<string, readonly TestEvent[]>>) =>
    Object.entries(events)
      .map(([name, list]) => `${name}=${list.map((event) => event.index).join('.')}`)
      .join(' ');
  matcher.on('match', (match) =>
    out.push(`match ${match.patternId} ${match.key} ${spell(match.events)} @${match.completedAt}`),
  );
  matcher.on('timeout', (timeout) =>
    out.push(`timeout ${timeout.patternId} ${timeout.key} ${spell(timeout.events)} @${timeout.timedOutAt}`),
  );
  return out;
}

describe('PatternMatcher', () => {
  it('restores a JSON snapshot taken mid-stream and emits exactly what an uninterrupted run emits', () => {
    const events = randomStream(11, {
      keys: 8,
      eventsPerKey: 25,
      types: ['a', 'b', 'c', 'd'],
      maxGapMs: 300,
    });
    const uninterrupted = new PatternMatcher<TestEvent>();
    patterns().forEach((pattern) => uninterrupted.registerPattern(pattern));
    const expected = record(uninterrupted);
    events.forEach((event, index) => {
      uninterrupted.process(event);
      if (index % 20 === 19) uninterrupted.advanceTime(event.timestamp - 500);
    });
    uninterrupted.advanceTime(Number.POSITIVE_INFINITY);
    expect(expected.filter((line) => line.startsWith('match')).length).toBeGreaterThan(10);
    expect(expected.some((line) => line.startsWith('timeout'))).toBe(true);

    for (const cut of [1, 37, 90, 150]) {
      const first = new PatternMatcher<TestEvent>();
      patterns().forEach((pattern) => first.registerPattern(pattern));
      const output = record(first);
      let snapshotText = '';
      events.forEach((event, index) => {
        if (index >= cut) return;
        first.process(event);
        if (index % 20 === 19) first.advanceTime(event.timestamp - 500);
      });
      snapshotText = JSON.stringify(first.snapshot());
      // A fresh process: new matcher, patterns registered again, state from the JSON text only.
      const second = new PatternMatcher<TestEvent>();
      patterns().forEach((pattern) => second.registerPattern(pattern));
      second.on('match', () => undefined);
      const resumed = record(second);
      expect(second.restore(JSON.parse(snapshotText))).toEqual([]);
      events.forEach((event, index) => {
        if (index < cut) return;
        second.process(event);
        if (index % 20 === 19) second.advanceTime(event.timestamp - 500);
      });
      second.advanceTime(Number.POSITIVE_INFINITY);
      expect({ cut, output: [...output, ...resumed] }).toEqual({ cut, output: expected });
    }
  });

  it('registers and unregisters patterns at runtime', () => {
    const harness = new NfaHarness();
    harness.run(spell('a b'), false);
    expect(harness.matches).toEqual([]);
    harness.matcher.registerPattern(
      create('ab').begin('a').where(is('a')).followedBy('b').where(is('b')).build(),
    );
    expect(() => harness.matcher.registerPattern(create('ab').begin('a').where(is('a')).build())).toThrow(
      "pattern 'ab' is already registered",
    );
    harness.run(
      spell('c a b').map((event) => ({ ...event, timestamp: event.timestamp + 10_000 })),
      false,
    );
    expect(harness.spelled()).toEqual(['a1 b2']);
    expect(harness.matcher.unregisterPattern('ab')).toBe(true);
    expect(harness.matcher.unregisterPattern('ab')).toBe(false);
    harness.run(spell('a b').map((event) => ({ ...event, timestamp: event.timestamp + 20_000 })));
    expect(harness.matches).toHaveLength(1);
  });

  it('keys runs by the pattern keyBy, so keys never mix', () => {
    const harness = new NfaHarness(
      create('ab').begin('a').where(is('a')).followedBy('b').where(is('b')).build(),
    );
    harness.run([...spell('a', 'k1'), ...spell('b', 'k2').map((event) => ({ ...event, timestamp: 2_000 }))]);
    expect(harness.matches).toEqual([]);
  });

  it('sends events behind their key (while it has open runs) or the watermark to the late output', () => {
    const harness = new NfaHarness(
      create('ab').begin('a').where(is('a')).followedBy('b').where(is('b')).build(),
    );
    const [a, b] = spell('a b') as [TestEvent, TestEvent];
    harness.matcher.process(a);
    harness.matcher.process({ ...b, timestamp: a.timestamp - 1 });
    harness.matcher.advanceTime(5_000);
    harness.matcher.process({ ...b, timestamp: 5_000, index: 9 });
    expect(harness.late.map((event) => event.index)).toEqual([1, 9]);
    expect(harness.matches).toEqual([]);
    harness.matcher.process({ ...b, timestamp: 5_001, index: 10 });
    expect(harness.spelled()).toEqual(['a0 b10']);
  });

  it('bounds memory on an endless stream: within prunes runs and their events', () => {
    const matcher = new PatternMatcher<TestEvent>();
    matcher.registerPattern(
      create('abc')
        .begin('a')
        .where(is('a'))
        .followedBy('b')
        .where(is('b'))
        .followedBy('c')
        .where(is('c'))
        .within(1_000)
        .build(),
    );
    let peak = 0;
    for (let index = 0; index < 5_000; index += 1) {
      matcher.process({
        key: `k${index % 50}`,
        type: index % 7 === 0 ? 'b' : 'a',
        value: 1,
        timestamp: index * 10,
        index,
      });
      peak = Math.max(peak, matcher.openPartialMatches());
    }
    // At most one relaxed run per `a` within one second per key: 100 events per second over 50 keys.
    expect(peak).toBeLessThanOrEqual(110);
    matcher.advanceTime(Number.POSITIVE_INFINITY);
    expect(matcher.openPartialMatches()).toBe(0);
    expect(matcher.snapshot().patterns.abc).toEqual({});
  });
});
