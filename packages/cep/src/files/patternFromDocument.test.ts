import type { StreamEvent } from '@streamforge/stream';
import { PatternFileError } from '../errors.js';
import { PatternMatcher } from '../matcher/PatternMatcher.js';
import { patternFromDocument } from './patternFromDocument.js';
import { parsePatternText } from './loadPatternFile.js';

const event = (index: number, eventType: string, properties: Record<string, unknown> = {}): StreamEvent => ({
  eventId: `e${index}`,
  eventType,
  userId: 'u1',
  timestamp: 1_000 * (index + 1),
  properties,
  receivedAt: 0,
});

const valid = {
  id: 'p',
  name: 'P',
  stages: [
    { name: 'a', where: { field: 'eventType', eq: 'a' } },
    { name: 'b', connect: 'next', where: { field: 'eventType', eq: 'b' } },
  ],
};

describe('pattern files', () => {
  it('expresses every builder feature', () => {
    const pattern = patternFromDocument(
      {
        id: 'all-features',
        name: 'All features',
        severity: 'low',
        keyBy: 'properties.account',
        within: '90s',
        afterMatch: { skipToLast: 'more' },
        stages: [
          {
            name: 'first',
            where: {
              any: [
                { field: 'eventType', eq: 'a' },
                { field: 'eventType', in: ['x', 'y'] },
              ],
            },
          },
          { name: 'maybe', connect: 'followedBy', quantifier: 'zeroOrMore' },
          {
            name: 'more',
            connect: 'followedByAny',
            quantifier: { times: [1, 3] },
            greedy: true,
            allowCombinations: true,
          },
          { name: 'gap', connect: 'notNext', where: { not: { field: 'properties.ok', exists: true } } },
          { name: 'loop', connect: 'followedBy', quantifier: 'oneOrMore', consecutive: true },
          { name: 'opt', connect: 'next', quantifier: { timesOrMore: 2 }, optional: true },
          { name: 'mid', connect: 'followedBy' },
          { name: 'neg', connect: 'notFollowedBy', where: { field: 'eventType', eq: 'z' } },
          { name: 'last', connect: 'followedBy', quantifier: { times: 2 } },
        ],
      },
      'inline',
    );
    expect(pattern.withinMs).toBe(90_000);
    expect(pattern.skipStrategy).toEqual({ kind: 'skipToLast', stage: 'more' });
    expect(pattern.keyBy(event(0, 'a', { account: 'acc-1' }))).toBe('acc-1');
    expect(pattern.stages.map(({ condition: _condition, ...stage }) => stage)).toEqual([
      expect.objectContaining({ name: 'first', kind: 'take' }),
      expect.objectContaining({ name: 'maybe', min: 1, max: Infinity, optional: true }),
      expect.objectContaining({
        name: 'more',
        min: 1,
        max: 3,
        greedy: true,
        contiguity: 'nonDeterministic',
        innerContiguity: 'nonDeterministic',
      }),
      { name: 'gap', kind: 'notNext' },
      expect.objectContaining({
        name: 'loop',
        min: 1,
        max: Infinity,
        optional: false,
        innerContiguity: 'strict',
      }),
      expect.objectContaining({ name: 'opt', min: 2, optional: true, contiguity: 'strict' }),
      expect.objectContaining({ name: 'mid', min: 1, max: 1, contiguity: 'relaxed' }),
      { name: 'neg', kind: 'notFollowedBy' },
      expect.objectContaining({ name: 'last', min: 2, max: 2 }),
    ]);
  });

  it('compiles references to earlier events and aggregates over a looping stage', () => {
    const pattern = patternFromDocument(
      {
        id: 'sum',
        name: 'Sum',
        stages: [
          { name: 'a', where: { field: 'eventType', eq: 'tx' } },
          {
            name: 'more',
            quantifier: 'oneOrMore',
            where: {
              all: [{ field: 'properties.amount', gt: { ref: { stage: 'a', field: 'properties.amount' } } }],
            },
          },
          {
            name: 'check',
            where: {
              aggregate: { fn: 'sum', stage: 'more', field: 'properties.amount', includeCurrent: false },
              gt: 5000,
            },
          },
        ],
      },
      'inline',
    );
    const matcher = new PatternMatcher<StreamEvent>();
    matcher.registerPattern(pattern);
    const matches: string[] = [];
    matcher.on('match', (match) =>
      matches.push(
        Object.values(match.events)
          .flat()
          .map((e) => e.eventId)
          .join(' '),
      ),
    );
    [
      event(0, 'tx', { amount: 100 }),
      event(1, 'tx', { amount: 2000 }),
      event(2, 'tx', { amount: 50 }),
      event(3, 'tx', { amount: '3500' }),
      event(4, 'end'),
    ].forEach((e) => matcher.process(e));
    // more = e1 e3 (e2 is not above e0's 100 and is skipped); 2000 + 3500 > 5000 lets `check` take e4.
    expect(matches).toEqual(['e0 e1 e3 e4']);
  });

  it.each<[string, unknown, string]>([
    ['a non-object', 'nope', '(root): must be an object'],
    ['a missing id', { ...valid, id: undefined }, 'id: must be a non-empty string'],
    ['an unknown field', { ...valid, stage: [] }, 'stage: unknown field'],
    ['an empty stage list', { ...valid, stages: [] }, 'stages: must be a non-empty list'],
    [
      'a typo in a stage field',
      { ...valid, stages: [{ name: 'a', wher: {} }] },
      'stages[0].wher: unknown field',
    ],
    [
      'a bad connect',
      { ...valid, stages: [valid.stages[0], { name: 'b', connect: 'then' }] },
      'stages[1].connect: must be one of next, followedBy',
    ],
    [
      'connect on the first stage',
      { ...valid, stages: [{ name: 'a', connect: 'next' }] },
      'stages[0].connect: the first stage has no previous stage',
    ],
    [
      'a bad quantifier',
      { ...valid, stages: [{ name: 'a', quantifier: { times: 0 } }] },
      'stages[0].quantifier.times: must be a whole number >= 1',
    ],
    [
      'a reversed range',
      { ...valid, stages: [{ name: 'a', quantifier: { times: [3, 1] } }] },
      'stages[0].quantifier.times: to (1) is below from (3)',
    ],
    [
      'two operators',
      { ...valid, stages: [{ name: 'a', where: { field: 'x', eq: 1, gt: 2 } }] },
      'stages[0].where: a comparison needs exactly one operator',
    ],
    [
      'no subject',
      { ...valid, stages: [{ name: 'a', where: { eq: 1 } }] },
      'stages[0].where: a comparison needs exactly one of field',
    ],
    [
      'a reference to a later stage',
      {
        ...valid,
        stages: [
          { name: 'a', where: { field: 'x', gt: { ref: { stage: 'b', field: 'y' } } } },
          { name: 'b' },
        ],
      },
      "stages[0].where.gt.ref.stage: 'b' is not this stage or an earlier one",
    ],
    [
      'a nested bad aggregate',
      {
        ...valid,
        stages: [
          {
            name: 'a',
            where: {
              all: [
                { field: 'x', eq: 1 },
                { aggregate: { fn: 'median', stage: 'a' }, gt: 1 },
              ],
            },
          },
        ],
      },
      'stages[0].where.all[1].aggregate.fn: must be one of sum',
    ],
    [
      'sum without a field',
      { ...valid, stages: [{ name: 'a', where: { aggregate: { fn: 'sum', stage: 'a' }, gt: 1 } }] },
      'stages[0].where.aggregate.field: sum needs a field',
    ],
    [
      'in with a scalar',
      { ...valid, stages: [{ name: 'a', where: { field: 'x', in: 'a' } }] },
      'stages[0].where.in: must be a list of values',
    ],
    ['a bad within', { ...valid, within: '5 weeks' }, 'within: must be ms or a duration'],
    [
      'skip to an unknown stage',
      { ...valid, afterMatch: { skipToFirst: 'zz' } },
      "afterMatch.skipToFirst: 'zz' is not this stage or an earlier one",
    ],
    [
      'a duplicate stage name',
      { ...valid, stages: [{ name: 'a' }, { name: 'a' }] },
      "stages[1].name: duplicate stage name 'a'",
    ],
    [
      'a pattern-rule violation',
      { ...valid, stages: [{ name: 'a' }, { name: 'n', connect: 'notFollowedBy' }] },
      "stages[1].connect: stage 'n': a pattern cannot end with notFollowedBy",
    ],
    [
      'greedy without a range',
      { ...valid, stages: [{ name: 'a', greedy: true }] },
      "stages[0].greedy: stage 'a': greedy() needs a quantifier with a range",
    ],
  ])('rejects %s with the path of the offending field', (_name, document, message) => {
    const load = () => patternFromDocument(document, 'bad.json');
    expect(load).toThrow(PatternFileError);
    expect(load).toThrow(`bad.json: ${message}`);
  });

  it('rejects text that does not parse; reads YAML with the yaml package or an injected parser', () => {
    expect(() => parsePatternText('{', 'json', 'x.json')).toThrow('x.json: (root): not valid JSON');
    expect(() => parsePatternText('id: [x', 'yaml', 'x.yaml')).toThrow('x.yaml: (root): not valid YAML');
    expect(parsePatternText('id: y\nname: Y\nstages:\n  - name: a\n', 'yaml', 'y.yaml').id).toBe('y');
    const pattern = parsePatternText('ignored', 'yaml', 'x.yaml', { parseYaml: () => valid });
    expect(pattern.id).toBe('p');
  });

  it('substitutes declared parameters, overridable per pattern id, and names an undeclared one', () => {
    const document = {
      id: 'hv',
      name: 'HV',
      parameters: { threshold: 1000 },
      stages: [{ name: 'a', where: { field: 'properties.amount', gt: { param: 'threshold' } } }],
    };
    const event = (amount: number) =>
      ({
        eventId: 'e',
        eventType: 't',
        userId: 'u',
        timestamp: 1,
        receivedAt: 1,
        properties: { amount },
      }) as const;
    const accepts = (pattern: ReturnType<typeof patternFromDocument>, amount: number) =>
      pattern.stages[0]?.condition(event(amount), { events: () => [] });
    const defaults = patternFromDocument(document, 'hv.json');
    expect([accepts(defaults, 1000), accepts(defaults, 1001)]).toEqual([false, true]);
    const overridden = patternFromDocument(document, 'hv.json', { hv: { threshold: 5000 } });
    expect([accepts(overridden, 5000), accepts(overridden, 5001)]).toEqual([false, true]);
    expect(() => patternFromDocument({ ...document, parameters: { limit: 1 } }, 'hv.json')).toThrow(
      "hv.json: stages[0].where.gt.param: 'threshold' is not declared in parameters (limit)",
    );
    expect(() => patternFromDocument({ ...document, parameters: { threshold: [1] } }, 'hv.json')).toThrow(
      'hv.json: parameters.threshold: must be a string, number, boolean or null',
    );
  });
});
