import type { TestEvent } from '../__tests__/testEvents.js';
import { MalformedPatternError } from '../errors.js';
import { AfterMatchSkip } from '../skip/AfterMatchSkipStrategy.js';
import { PatternBuilder } from './PatternBuilder.js';

const create = () => PatternBuilder.create<TestEvent>('p', 'P', { keyBy: (event) => event.key });
const isA = (event: TestEvent) => event.type === 'a';

describe('PatternBuilder', () => {
  it('builds the stages with their quantifiers and contiguity', () => {
    const pattern = create()
      .begin('first')
      .where(isA)
      .followedBy('more')
      .where(isA)
      .timesOrMore(4)
      .greedy()
      .next('last')
      .where(isA)
      .within(60_000)
      .skip(AfterMatchSkip.skipToLast('more'))
      .build();
    expect(pattern.stages.map(({ condition: _condition, ...stage }) => stage)).toEqual([
      {
        kind: 'take',
        name: 'first',
        min: 1,
        max: 1,
        optional: false,
        contiguity: 'relaxed',
        innerContiguity: 'relaxed',
        greedy: false,
      },
      {
        kind: 'take',
        name: 'more',
        min: 4,
        max: Infinity,
        optional: false,
        contiguity: 'relaxed',
        innerContiguity: 'relaxed',
        greedy: true,
      },
      {
        kind: 'take',
        name: 'last',
        min: 1,
        max: 1,
        optional: false,
        contiguity: 'strict',
        innerContiguity: 'relaxed',
        greedy: false,
      },
    ]);
    expect(pattern).toMatchObject({
      id: 'p',
      withinMs: 60_000,
      skipStrategy: { kind: 'skipToLast', stage: 'more' },
    });
  });

  it('ANDs repeated where() and ORs or()', () => {
    const pattern = create()
      .begin('x')
      .where((event) => event.value > 1)
      .where((event) => event.value < 5)
      .or((event) => event.type === 'z')
      .build();
    const condition = pattern.stages[0]!.condition;
    const at = (type: string, value: number) =>
      condition({ key: 'k', type, value, timestamp: 0, index: 0 }, { events: () => [] });
    expect([at('a', 3), at('a', 5), at('z', 9), at('a', 1)]).toEqual([true, false, true, false]);
  });

  it.each<[string, () => unknown, string]>([
    ['duplicate names', () => create().begin('a').followedBy('a').build(), "duplicate stage name 'a'"],
    ['two quantifiers', () => create().begin('a').oneOrMore().times(2).build(), 'a stage has one quantifier'],
    ['times(0)', () => create().begin('a').times(0).build(), 'times() needs a whole number >= 1, got 0'],
    ['times(3, 2)', () => create().begin('a').times(3, 2).build(), 'times(3, 2) has to < from'],
    [
      'greedy without a range',
      () => create().begin('a').greedy().build(),
      'greedy() needs a quantifier with a range',
    ],
    [
      'consecutive without a loop',
      () => create().begin('a').consecutive().build(),
      'consecutive()/allowCombinations() need a looping quantifier',
    ],
    [
      'quantified negation',
      () => create().begin('a').notNext('n').oneOrMore().followedBy('b').build(),
      'a notNext stage cannot have a quantifier',
    ],
    [
      'ends with notFollowedBy',
      () => create().begin('a').notFollowedBy('n').build(),
      'a pattern cannot end with notFollowedBy',
    ],
    [
      'optional after a negation',
      () => create().begin('a').notFollowedBy('n').followedBy('b').optional().followedBy('c').build(),
      "the stage after a negation ('b') must not be optional",
    ],
    [
      'only optional stages',
      () => create().begin('a').optional().build(),
      'at least one stage must be mandatory',
    ],
    [
      'bad within',
      () => create().begin('a').within(0).build(),
      'within must be a positive number of ms, got 0',
    ],
    [
      'skip to an unknown stage',
      () => create().begin('a').skip(AfterMatchSkip.skipToFirst('zz')).build(),
      "skipToFirst names 'zz'",
    ],
    [
      'greedy before only optional stages',
      () => create().begin('a').oneOrMore().greedy().followedBy('b').optional().build(),
      'a greedy stage must not be followed only by optional stages',
    ],
  ])('rejects %s at build with a message naming the problem', (_name, build, message) => {
    expect(build).toThrow(MalformedPatternError);
    expect(build).toThrow(message);
  });
});
