import type { Condition } from '../pattern/Condition.js';
import type { Pattern } from '../pattern/Pattern.js';
import { PatternBuilder } from '../pattern/PatternBuilder.js';
import { AfterMatchSkip, type AfterMatchSkipStrategy } from '../skip/AfterMatchSkipStrategy.js';
import { bruteForceMatches } from './bruteForceMatcher.js';
import { NfaHarness, signatureOf } from './nfaHarness.js';
import { randomStream, type TestEvent } from './testEvents.js';

const is =
  (...types: string[]): Condition<TestEvent> =>
  (event) =>
    types.includes(event.type);
const create = (id: string) => PatternBuilder.create<TestEvent>(id, id, { keyBy: (event) => event.key });
const lastOf = (events: readonly TestEvent[]): TestEvent | undefined => events.at(-1);

/** Each entry builds a pattern per skip strategy it is run under; ids name the feature under test. */
const families: Array<[string, (skip: AfterMatchSkipStrategy) => Pattern<TestEvent>]> = [
  [
    'a b c relaxed',
    (skip) =>
      create('relaxed')
        .begin('a')
        .where(is('a'))
        .followedBy('b')
        .where(is('b'))
        .followedBy('c')
        .where(is('c'))
        .skip(skip)
        .within(8_000)
        .build(),
  ],
  [
    'a b c strict',
    (skip) =>
      create('strict')
        .begin('a')
        .where(is('a'))
        .next('b')
        .where(is('b'))
        .next('c')
        .where(is('c'))
        .skip(skip)
        .within(8_000)
        .build(),
  ],
  [
    'a b c any',
    (skip) =>
      create('any')
        .begin('a')
        .where(is('a'))
        .followedByAny('b')
        .where(is('b'))
        .followedByAny('c')
        .where(is('c'))
        .skip(skip)
        .within(8_000)
        .build(),
  ],
  [
    'a b+ c',
    (skip) =>
      create('loop')
        .begin('a')
        .where(is('a'))
        .followedBy('b')
        .where(is('b'))
        .oneOrMore()
        .followedBy('c')
        .where(is('c'))
        .skip(skip)
        .within(8_000)
        .build(),
  ],
  [
    'a b+ consecutive next c',
    (skip) =>
      create('consecutive')
        .begin('a')
        .where(is('a'))
        .followedBy('b')
        .where(is('b'))
        .oneOrMore()
        .consecutive()
        .next('c')
        .where(is('c'))
        .skip(skip)
        .within(8_000)
        .build(),
  ],
  [
    'a b+ combinations any c',
    (skip) =>
      create('combinations')
        .begin('a')
        .where(is('a'))
        .followedByAny('b')
        .where(is('b'))
        .oneOrMore()
        .allowCombinations()
        .followedByAny('c')
        .where(is('c'))
        .skip(skip)
        .within(6_000)
        .build(),
  ],
  [
    'a b{2} c',
    (skip) =>
      create('times')
        .begin('a')
        .where(is('a'))
        .followedBy('b')
        .where(is('b'))
        .times(2)
        .followedBy('c')
        .where(is('c'))
        .skip(skip)
        .within(8_000)
        .build(),
  ],
  [
    'a b{1,3} c',
    (skip) =>
      create('range')
        .begin('a')
        .where(is('a'))
        .followedBy('b')
        .where(is('b'))
        .times(1, 3)
        .followedBy('c')
        .where(is('c'))
        .skip(skip)
        .within(8_000)
        .build(),
  ],
  [
    'b{2,} end',
    (skip) => create('timesOrMore').begin('b').where(is('b')).timesOrMore(2).skip(skip).within(6_000).build(),
  ],
  [
    'a b? c',
    (skip) =>
      create('optional')
        .begin('a')
        .where(is('a'))
        .followedBy('b')
        .where(is('b'))
        .optional()
        .followedBy('c')
        .where(is('c'))
        .skip(skip)
        .within(8_000)
        .build(),
  ],
  [
    'a b* next c',
    (skip) =>
      create('zeroOrMore')
        .begin('a')
        .where(is('a'))
        .followedBy('b')
        .where(is('b'))
        .zeroOrMore()
        .next('c')
        .where(is('c'))
        .skip(skip)
        .within(8_000)
        .build(),
  ],
  [
    'a? b c',
    (skip) =>
      create('optionalBegin')
        .begin('a')
        .where(is('a'))
        .optional()
        .next('b')
        .where(is('b'))
        .followedBy('c')
        .where(is('c'))
        .skip(skip)
        .within(8_000)
        .build(),
  ],
  [
    'a b+ greedy c',
    (skip) =>
      create('greedy')
        .begin('a')
        .where(is('a'))
        .followedBy('b')
        .where(is('b', 'd'))
        .oneOrMore()
        .greedy()
        .followedBy('c')
        .where(is('c', 'd'))
        .skip(skip)
        .within(8_000)
        .build(),
  ],
  [
    'a b{1,3} greedy next c',
    (skip) =>
      create('greedyRange')
        .begin('a')
        .where(is('a'))
        .followedBy('b')
        .where(is('b', 'd'))
        .times(1, 3)
        .greedy()
        .next('c')
        .where(is('c', 'd'))
        .skip(skip)
        .within(8_000)
        .build(),
  ],
  [
    'a b? greedy c',
    (skip) =>
      create('greedyOptional')
        .begin('a')
        .where(is('a'))
        .followedBy('b')
        .where(is('b'))
        .optional()
        .greedy()
        .followedBy('c')
        .where(is('b', 'c'))
        .skip(skip)
        .within(8_000)
        .build(),
  ],
  [
    'a b+ greedy end',
    (skip) =>
      create('greedyEnd')
        .begin('a')
        .where(is('a'))
        .next('b')
        .where(is('b'))
        .oneOrMore()
        .greedy()
        .skip(skip)
        .within(8_000)
        .build(),
  ],
  [
    'a notNext b c',
    (skip) =>
      create('notNext')
        .begin('a')
        .where(is('a'))
        .notNext('not-b')
        .where(is('b'))
        .followedBy('c')
        .where(is('c'))
        .skip(skip)
        .within(8_000)
        .build(),
  ],
  [
    'a notFollowedBy b c',
    (skip) =>
      create('notFollowedBy')
        .begin('a')
        .where(is('a'))
        .notFollowedBy('not-b')
        .where(is('b'))
        .followedBy('c')
        .where(is('c', 'b'))
        .skip(skip)
        .within(8_000)
        .build(),
  ],
  [
    'a c+ notNext b',
    (skip) =>
      create('notNextEnd')
        .begin('a')
        .where(is('a'))
        .followedBy('c')
        .where(is('c'))
        .oneOrMore()
        .notNext('not-b')
        .where(is('b'))
        .skip(skip)
        .within(8_000)
        .build(),
  ],
  [
    'a (b|c)+ d or-condition',
    (skip) =>
      create('or')
        .begin('a')
        .where(is('a'))
        .followedBy('bc')
        .where(is('b'))
        .or(is('c'))
        .oneOrMore()
        .followedBy('d')
        .where(is('d'))
        .skip(skip)
        .within(8_000)
        .build(),
  ],
  [
    'iterative increasing values',
    (skip) =>
      create('increasing')
        .begin('first')
        .where(is('a', 'b'))
        .followedBy('rising')
        .where((event, context) => {
          const previous = lastOf(context.events('rising')) ?? lastOf(context.events('first'));
          return previous !== undefined && event.value > previous.value;
        })
        .oneOrMore()
        .skip(skip)
        .within(6_000)
        .build(),
  ],
  [
    'iterative sum',
    (skip) =>
      create('sum')
        .begin('a')
        .where(is('a'))
        .followedByAny('spend')
        .where(
          (event, context) =>
            event.type !== 'a' &&
            context.events('spend').reduce((sum, e) => sum + e.value, 0) + event.value <= 8,
        )
        .timesOrMore(2)
        .skip(skip)
        .within(6_000)
        .build(),
  ],
];

const strategies: Array<[string, AfterMatchSkipStrategy]> = [
  ['noSkip', AfterMatchSkip.noSkip()],
  ['skipToNext', AfterMatchSkip.skipToNext()],
  ['skipPastLastEvent', AfterMatchSkip.skipPastLastEvent()],
];

function compare(
  pattern: Pattern<TestEvent>,
  events: readonly TestEvent[],
): { nfa: string[]; oracle: string[] } {
  const harness = new NfaHarness(pattern).run(events);
  const nfa = harness.matches.map((match) => `${match.key}|${signatureOf(pattern, match)}`).sort();
  const byKey = new Map<string, TestEvent[]>();
  for (const event of events) byKey.set(event.key, [...(byKey.get(event.key) ?? []), event]);
  const oracle = [...byKey]
    .flatMap(([key, keyEvents]) =>
      bruteForceMatches(pattern, keyEvents).map((match) => `${key}|${match.signature}`),
    )
    .sort();
  return { nfa, oracle };
}

describe('NFA against a brute-force oracle', () => {
  const seeds = [1, 2, 3];
  describe.each(families)('%s', (_name, build) => {
    it.each(strategies)('%s: same matches as the oracle on random streams', (_strategyName, strategy) => {
      const pattern = build(strategy);
      let total = 0;
      for (const seed of seeds) {
        const events = randomStream(seed, {
          keys: 12,
          eventsPerKey: 9,
          types: ['a', 'b', 'c', 'd'],
          maxGapMs: 300,
        });
        const { nfa, oracle } = compare(pattern, events);
        expect({ seed, nfa }).toEqual({ seed, nfa: oracle });
        total += oracle.length;
        if (process.env.CEP_ORACLE_COUNTS === '1') console.log(pattern.id, seed, oracle.length);
      }
      // Guards against a vacuous pass: the streams must exercise the pattern.
      expect(total).toBeGreaterThan(0);
    });
  });

  it.each([
    ['skipToFirst', AfterMatchSkip.skipToFirst('b')],
    ['skipToLast', AfterMatchSkip.skipToLast('b')],
  ])('%s on a b+ c and b+ c agree with the oracle', (_name, strategy) => {
    const patterns = [
      create('abc')
        .begin('a')
        .where(is('a'))
        .followedBy('b')
        .where(is('b'))
        .oneOrMore()
        .followedBy('c')
        .where(is('c'))
        .skip(strategy)
        .within(8_000)
        .build(),
      create('bc')
        .begin('b')
        .where(is('b'))
        .oneOrMore()
        .followedByAny('c')
        .where(is('c'))
        .skip(strategy)
        .within(8_000)
        .build(),
    ];
    for (const pattern of patterns)
      for (const seed of [4, 5, 6]) {
        const events = randomStream(seed, {
          keys: 12,
          eventsPerKey: 9,
          types: ['a', 'b', 'c'],
          maxGapMs: 300,
        });
        const { nfa, oracle } = compare(pattern, events);
        expect({ seed, nfa }).toEqual({ seed, nfa: oracle });
        expect(oracle.length).toBeGreaterThan(0);
      }
  });
});
