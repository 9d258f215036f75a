import { NfaHarness } from '../__tests__/nfaHarness.js';
import { spell, type TestEvent } from '../__tests__/testEvents.js';
import type { Condition } from '../pattern/Condition.js';
import { PatternBuilder } from '../pattern/PatternBuilder.js';
import { AfterMatchSkip, type AfterMatchSkipStrategy } from '../skip/AfterMatchSkipStrategy.js';

const is =
  (...types: string[]): Condition<TestEvent> =>
  (event) =>
    types.includes(event.type);
const create = (id = 'p') => PatternBuilder.create<TestEvent>(id, id, { keyBy: (event) => event.key });
const run = (pattern: ReturnType<ReturnType<typeof create>['begin']>, input: string): string[] =>
  new NfaHarness(pattern.build()).run(spell(input)).spelled().sort();

// Event names are type + position: in "c0 d1 a2" the event `a2` is the third event, of type a.
describe('contiguity (Flink docs: pattern "a b" over "a c b1 b2")', () => {
  const input = 'a c b b';
  it('next (strict) finds nothing', () => {
    expect(run(create().begin('a').where(is('a')).next('b').where(is('b')), input)).toEqual([]);
  });
  it('followedBy (relaxed) takes the first b only', () => {
    expect(run(create().begin('a').where(is('a')).followedBy('b').where(is('b')), input)).toEqual(['a0 b2']);
  });
  it('followedByAny (non-deterministic) pairs a with every b', () => {
    expect(run(create().begin('a').where(is('a')).followedByAny('b').where(is('b')), input)).toEqual([
      'a0 b2',
      'a0 b3',
    ]);
  });
});

describe('looping contiguity (Flink docs: c a+ b over "C D A1 A2 A3 D A4 B")', () => {
  const input = 'c d a a a d a b';
  const base = () => create().begin('c').where(is('c')).followedBy('a').where(is('a')).oneOrMore();
  it('default relaxed inner contiguity', () => {
    expect(run(base().followedBy('b').where(is('b')), input)).toEqual([
      'c0 a2 a3 a4 a6 b7',
      'c0 a2 a3 a4 b7',
      'c0 a2 a3 b7',
      'c0 a2 b7',
    ]);
  });
  it('consecutive()', () => {
    expect(run(base().consecutive().followedBy('b').where(is('b')), input)).toEqual([
      'c0 a2 a3 a4 b7',
      'c0 a2 a3 b7',
      'c0 a2 b7',
    ]);
  });
  it('allowCombinations()', () => {
    expect(run(base().allowCombinations().followedBy('b').where(is('b')), input)).toEqual([
      'c0 a2 a3 a4 a6 b7',
      'c0 a2 a3 a4 b7',
      'c0 a2 a3 a6 b7',
      'c0 a2 a3 b7',
      'c0 a2 a4 a6 b7',
      'c0 a2 a4 b7',
      'c0 a2 a6 b7',
      'c0 a2 b7',
    ]);
  });
});

describe('quantifiers over "a b1 b2 b3 c"', () => {
  const input = 'a b b b c';
  const ab = () => create().begin('a').where(is('a')).followedBy('b').where(is('b'));
  it('times(2) takes two consecutive-in-order bs', () => {
    expect(run(ab().times(2).followedBy('c').where(is('c')), input)).toEqual(['a0 b1 b2 c4']);
  });
  it('times(1, 3)', () => {
    expect(run(ab().times(1, 3).next('c').where(is('c')), input)).toEqual(['a0 b1 b2 b3 c4']);
  });
  it('timesOrMore(2) at the end emits as soon as each count is reached', () => {
    expect(run(ab().timesOrMore(2), input)).toEqual(['a0 b1 b2', 'a0 b1 b2 b3']);
  });
  it('oneOrMore().optional() (zeroOrMore) with strict c', () => {
    expect(run(ab().zeroOrMore().next('c').where(is('c')), input)).toEqual(['a0 b1 b2 b3 c4']);
    expect(run(ab().zeroOrMore().next('c').where(is('c')), 'a c')).toEqual(['a0 c1']);
  });
  it('optional() allows zero or the whole quantifier, never one of times(2)', () => {
    expect(run(ab().times(2).optional().next('c').where(is('c')), 'a b c a c')).toEqual(['a3 c4']);
  });
  it('greedy() keeps events a looping stage accepts from the next stage', () => {
    const pattern = () => create().begin('a').where(is('a')).followedBy('b').where(is('b', 'x')).oneOrMore();
    // x is acceptable to both stages: without greedy it may close the match, with greedy it may not.
    expect(run(pattern().followedBy('c').where(is('c', 'x')), 'a b x c')).toEqual([
      'a0 b1 x2',
      'a0 b1 x2 c3',
    ]);
    expect(run(pattern().greedy().followedBy('c').where(is('c', 'x')), 'a b x c')).toEqual(['a0 b1 x2 c3']);
  });
  it('a greedy looping stage at the end completes on the first event it rejects', () => {
    expect(
      run(create().begin('a').where(is('a')).next('b').where(is('b')).oneOrMore().greedy(), 'a b b c'),
    ).toEqual(['a0 b1 b2']);
  });
});

describe('negation', () => {
  it('notNext forbids the immediately following event', () => {
    const pattern = () =>
      create().begin('a').where(is('a')).notNext('nb').where(is('b')).followedBy('c').where(is('c'));
    expect(run(pattern(), 'a b c')).toEqual([]);
    expect(run(pattern(), 'a d b c')).toEqual(['a0 c3']);
  });
  it('notFollowedBy forbids the condition anywhere before the next stage', () => {
    const pattern = () =>
      create().begin('a').where(is('a')).notFollowedBy('nb').where(is('b')).followedBy('c').where(is('c'));
    expect(run(pattern(), 'a d b c')).toEqual([]);
    expect(run(pattern(), 'a d c b')).toEqual(['a0 c2']);
  });
  it('notNext at the end completes on the next event', () => {
    const pattern = () => create().begin('a').where(is('a')).notNext('nb').where(is('b'));
    expect(run(pattern(), 'a b a d')).toEqual(['a2']);
    expect(run(pattern(), 'a')).toEqual([]);
  });
});

describe('after-match skip strategies (Flink docs rules) over "a b c1 c2 c3 d"', () => {
  // (a|b|c) (b|c) c+.greedy d — the docs' SKIP_TO_FIRST/SKIP_TO_LAST example shape.
  const input = 'a b c c c d';
  const matches = (strategy: AfterMatchSkipStrategy): string[] =>
    new NfaHarness(
      create()
        .begin('first')
        .where(is('a', 'b', 'c'))
        .followedBy('second')
        .where(is('b', 'c'))
        .followedBy('c')
        .where(is('c'))
        .oneOrMore()
        .greedy()
        .followedBy('d')
        .where(is('d'))
        .skip(strategy)
        .within(60_000)
        .build(),
    )
      .run(spell(input))
      .spelled();
  it.each<[string, AfterMatchSkipStrategy, string[]]>([
    ['noSkip', AfterMatchSkip.noSkip(), ['a0 b1 c2 c3 c4 d5', 'b1 c2 c3 c4 d5', 'c2 c3 c4 d5']],
    ['skipToNext', AfterMatchSkip.skipToNext(), ['a0 b1 c2 c3 c4 d5', 'b1 c2 c3 c4 d5', 'c2 c3 c4 d5']],
    ['skipPastLastEvent', AfterMatchSkip.skipPastLastEvent(), ['a0 b1 c2 c3 c4 d5']],
    ['skipToFirst(c)', AfterMatchSkip.skipToFirst('c'), ['a0 b1 c2 c3 c4 d5', 'c2 c3 c4 d5']],
    ['skipToLast(c)', AfterMatchSkip.skipToLast('c'), ['a0 b1 c2 c3 c4 d5']],
  ])('%s', (_name, strategy, expected) => {
    expect(matches(strategy)).toEqual(expected);
  });

  it('skipToNext keeps a later-starting match while discarding same-start ones (a b+ over a b b)', () => {
    const pattern = create().begin('a').where(is('a', 'b')).followedBy('b').where(is('b')).oneOrMore();
    const harness = (strategy: AfterMatchSkipStrategy) =>
      new NfaHarness(pattern.skip(strategy).within(60_000).build()).run(spell('a b b')).spelled();
    expect(harness(AfterMatchSkip.skipToNext())).toEqual(['a0 b1', 'b1 b2']);
  });
});

describe('iterative conditions', () => {
  it('sees the events matched so far by stage name', () => {
    const pattern = create()
      .begin('a')
      .where(is('a'))
      .followedBy('more')
      .where((event, context) => {
        const previous = context.events('more').at(-1) ?? context.events('a').at(-1);
        return previous !== undefined && event.value > previous.value;
      })
      .oneOrMore();
    // values 1, 3, 2, 5: b2 (value 2) is not above b1 (value 3), so the relaxed loop skips it.
    expect(run(pattern, 'a1 b3 b2 b5')).toEqual(['a0 b1', 'a0 b1 b3']);
  });
});

describe('within', () => {
  it('drops runs whose next event is `within` or more after the first, and reports them as timeouts', () => {
    const harness = new NfaHarness(
      create().begin('a').where(is('a')).followedBy('b').where(is('b')).within(2_000).build(),
    ).run(spell('a d b a b'));
    // a0 at 1 s, b2 at 3 s: exactly 2 s apart, too late; a3 at 4 s, b4 at 5 s matches.
    expect(harness.spelled()).toEqual(['a3 b4']);
    expect(
      harness.timeouts.map((timeout) => ({
        events: timeout.events.a?.map((e) => e.index),
        at: timeout.timedOutAt,
      })),
    ).toEqual([{ events: [0], at: 3_000 }]);
  });
});
