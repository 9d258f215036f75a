import { AlertingValidationError } from '../errors.js';
import { parseRule, parseRules } from './parseRule.js';

function fieldOf(input: unknown, parse: (input: unknown) => unknown = parseRule): string {
  try {
    parse(input);
  } catch (error) {
    if (error instanceof AlertingValidationError) return error.field;
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('parseRule', () => {
  it('applies defaults and parses durations to milliseconds', () => {
    const rule = parseRule({
      id: 'errors',
      kind: 'threshold',
      metric: 'error_rate',
      op: '>',
      threshold: 0.05,
      for: '5m',
      severity: 'high',
    });
    expect(rule).toMatchObject({
      for: 300_000,
      enabled: true,
      route: 'default',
      labels: {},
      match: [],
      suppression: [],
    });
    expect(parseRule({ id: 'quiet', kind: 'absence', for: 90_000, severity: 'medium' })).toMatchObject({
      for: 90_000,
      by: [],
    });
    expect(parseRule({ id: 'fraud', kind: 'cep', patternId: 'p', severity: 'critical' })).toMatchObject({
      resolveAfter: 300_000,
    });
  });

  it('names the offending field', () => {
    const base = { id: 'r', kind: 'threshold', metric: 'm', op: '>', threshold: 1, severity: 'high' };
    expect(fieldOf({ ...base, for: '5 minutes' })).toBe('for');
    expect(fieldOf({ ...base, severity: 'urgent' })).toBe('severity');
    expect(fieldOf({ ...base, op: '=>' })).toBe('op');
    expect(fieldOf({ ...base, id: 'has space' })).toBe('id');
    expect(fieldOf({ ...base, match: [{ name: 'x', op: '=~', value: '(' }] })).toBe('match.0');
    expect(fieldOf({ ...base, suppression: [{ type: 'count_based', window: '1m' }] })).toBe(
      'suppression.0.maxAlerts',
    );
    expect(fieldOf({ ...base, kind: 'sometimes' })).toBe('kind');
    expect(fieldOf({ id: 'a', kind: 'absence', for: 0, severity: 'low' })).toBe('for');
    expect(() => parseRule({ ...base, threshold: 'x' })).toThrow('invalid alert rule: threshold:');
  });

  it('names the index of a bad rule in a list and rejects duplicate ids', () => {
    const good = { id: 'a', kind: 'cep', patternId: 'p', severity: 'low' };
    expect(parseRules([good, { ...good, id: 'b' }]).map((rule) => rule.id)).toEqual(['a', 'b']);
    expect(fieldOf([good, { ...good, id: 'b', patternId: '' }], parseRules)).toBe('rules.1.patternId');
    expect(fieldOf([good, good], parseRules)).toBe('rules.1.id');
    expect(fieldOf({}, parseRules)).toBe('rules');
  });
});
