import { AnalyticsConfigError } from '../errors.js';
import { RuleClassifier } from './RuleClassifier.js';

const rules = [
  { tag: 'high-value', when: { field: 'properties.amount', op: 'gte', value: 1000 } },
  {
    tag: 'foreign-card',
    when: {
      all: [
        { field: 'eventType', op: 'eq', value: 'purchase' },
        { not: { field: 'properties.country', op: 'in', value: ['DE', 'AT', 'CH'] } },
      ],
    },
  },
  { tag: 'bot', when: { any: [{ field: 'properties.agent', op: 'matches', value: '(?i)bot|crawler' }] } },
];

describe('RuleClassifier', () => {
  it('tags events by conditions, in rule order', () => {
    const classifier = new RuleClassifier([
      ...rules.slice(0, 2),
      { tag: 'bot', when: { field: 'properties.agent', op: 'matches', value: 'bot|crawler' } },
      { tag: 'has-coupon', when: { field: 'properties.coupon', op: 'exists' } },
    ]);
    expect(
      classifier.classify({ eventType: 'purchase', properties: { amount: '1500', country: 'US' } }),
    ).toEqual(['high-value', 'foreign-card']);
    expect(
      classifier.classify({ eventType: 'purchase', properties: { amount: 20, country: 'DE', coupon: 'X' } }),
    ).toEqual(['has-coupon']);
    expect(classifier.classify({ eventType: 'view', properties: { agent: 'Googlebot/2.1' } })).toEqual([
      'bot',
    ]);
    expect(classifier.classify({ eventType: 'view', properties: {} })).toEqual([]);
    const tag = classifier.tagger<{ eventType: string; properties: Record<string, unknown> }>();
    expect(tag({ eventType: 'view', properties: { coupon: null } }).tags).toEqual([]);
  });

  it('rejects a bad rule at build time, naming the field', () => {
    // JavaScript regular expressions have no inline (?i) flag.
    expect(() => new RuleClassifier(rules)).toThrow(AnalyticsConfigError);
    try {
      new RuleClassifier(rules);
    } catch (error) {
      expect((error as AnalyticsConfigError).field).toMatch(/^rules\[2\]\.when/);
    }
    try {
      new RuleClassifier([{ tag: 'x', when: { field: 'a', op: 'gt', value: 'ten' } }]);
      throw new Error('expected a config error');
    } catch (error) {
      expect(error).toBeInstanceOf(AnalyticsConfigError);
      expect((error as AnalyticsConfigError).field).toMatch(/^rules\[0\]\.when/);
    }
  });
});
