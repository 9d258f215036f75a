import type { PatternMatch } from '@streamforge/cep';
import { parseRule } from './parseRule.js';
import { RuleEvaluator } from './RuleEvaluator.js';

const T0 = 1_700_000_000_000;
const MINUTE = 60_000;

describe('RuleEvaluator', () => {
  it('fires a threshold rule only after the condition held for `for`, and resolves when it clears', () => {
    const evaluator = new RuleEvaluator();
    evaluator.addRule(
      parseRule({
        id: 'errors',
        kind: 'threshold',
        metric: 'error_rate',
        op: '>',
        threshold: 0.05,
        for: '5m',
        by: ['service'],
        severity: 'high',
        summary: '{{service}} at {{value}}',
      }),
      T0,
    );
    const sample = (value: number, at: number, service = 'api') =>
      evaluator.observeMetric({ metric: 'error_rate', value, labels: { service, pod: 'x' }, at });
    expect(sample(0.1, T0)).toEqual([]);
    expect(sample(0.1, T0 + 4 * MINUTE)).toEqual([]);
    const fired = sample(0.2, T0 + 5 * MINUTE);
    expect(fired.map((s) => [s.state, s.labels, s.summary, s.value])).toEqual([
      ['firing', { service: 'api', alertname: 'errors' }, 'api at 0.2', 0.2],
    ]);
    expect(sample(0.3, T0 + 6 * MINUTE)).toEqual([]);
    const cleared = sample(0.01, T0 + 7 * MINUTE);
    expect(cleared.map((s) => [s.state, s.fingerprint])).toEqual([['resolved', fired[0]?.fingerprint]]);
    // A break resets the `for` clock.
    expect(sample(0.1, T0 + 8 * MINUTE)).toEqual([]);
    expect(sample(0.01, T0 + 9 * MINUTE)).toEqual([]);
    expect(sample(0.1, T0 + 13 * MINUTE + 1)).toEqual([]);
    expect(sample(0.1, T0 + 10 * MINUTE, 'db')).toEqual([]);
  });

  it('fires an absence rule when a series goes quiet for T and resolves on the next event', () => {
    const evaluator = new RuleEvaluator();
    evaluator.addRule(
      parseRule({
        id: 'quiet',
        kind: 'absence',
        match: [{ name: 'eventType', value: 'heartbeat' }],
        for: '2m',
        by: ['source'],
        severity: 'medium',
      }),
      T0,
    );
    evaluator.observeEvent({ labels: { eventType: 'heartbeat', source: 'a' }, at: T0 });
    evaluator.observeEvent({ labels: { eventType: 'click', source: 'b' }, at: T0 });
    expect(evaluator.tick(T0 + 2 * MINUTE - 1)).toEqual([]);
    const fired = evaluator.tick(T0 + 2 * MINUTE);
    expect(fired.map((s) => [s.state, s.labels.source])).toEqual([['firing', 'a']]);
    expect(evaluator.tick(T0 + 3 * MINUTE)).toEqual([]);
    expect(
      evaluator
        .observeEvent({ labels: { eventType: 'heartbeat', source: 'a' }, at: T0 + 4 * MINUTE })
        .map((s) => s.state),
    ).toEqual(['resolved']);
  });

  it('fires an absence rule without `by` from the time the rule was added', () => {
    const evaluator = new RuleEvaluator();
    evaluator.addRule(parseRule({ id: 'silent', kind: 'absence', for: '1m', severity: 'low' }), T0);
    expect(evaluator.tick(T0 + MINUTE).map((s) => s.state)).toEqual(['firing']);
  });

  it('fires anomaly rules at minScore and resolves below it', () => {
    const evaluator = new RuleEvaluator();
    evaluator.addRule(
      parseRule({
        id: 'spike',
        kind: 'anomaly',
        metric: 'orders',
        detector: 'zscore',
        minScore: 3,
        severity: 'high',
      }),
      T0,
    );
    const score = (value: number, detector = 'zscore') =>
      evaluator.observeAnomaly({ metric: 'orders', detector, score: value, labels: {}, at: T0 });
    expect(score(5, 'ewma')).toEqual([]);
    expect(score(3).map((s) => s.state)).toEqual(['firing']);
    expect(score(1).map((s) => s.state)).toEqual(['resolved']);
  });

  it('signals every CEP match for its key and resolves the key after resolveAfter', () => {
    const evaluator = new RuleEvaluator();
    evaluator.addRule(
      parseRule({ id: 'fraud', kind: 'cep', patternId: 'big-tx', resolveAfter: '10m', severity: 'critical' }),
      T0,
    );
    const match = (matchId: string, key: string, at: number): PatternMatch => ({
      matchId,
      patternId: 'big-tx',
      key,
      severity: 'high',
      summary: 's',
      events: [],
      matchedAt: at,
    });
    const first = evaluator.observeMatch(match('m1', 'u1', T0));
    const second = evaluator.observeMatch(match('m2', 'u1', T0 + MINUTE));
    expect(first[0]?.fingerprint).toBe(second[0]?.fingerprint);
    expect(second[0]?.details).toMatchObject({ matchId: 'm2' });
    expect(evaluator.tick(T0 + 11 * MINUTE - 1)).toEqual([]);
    expect(evaluator.tick(T0 + 11 * MINUTE).map((s) => [s.state, s.labels.key])).toEqual([
      ['resolved', 'u1'],
    ]);
  });

  it('makes every match its own alert with alertPer: match, keeping no series state', () => {
    const evaluator = new RuleEvaluator();
    evaluator.addRule(
      parseRule({ id: 'hv', kind: 'cep', patternId: 'big-tx', alertPer: 'match', severity: 'high' }),
      T0,
    );
    const match = (matchId: string): PatternMatch => ({
      matchId,
      patternId: 'big-tx',
      key: 'u1',
      severity: 'high',
      summary: 's',
      events: [],
      matchedAt: T0,
    });
    const [first] = evaluator.observeMatch(match('m1'));
    const [second] = evaluator.observeMatch(match('m2'));
    expect(first?.labels).toEqual({ pattern: 'big-tx', key: 'u1', match: 'm1', alertname: 'hv' });
    expect(first?.fingerprint).not.toBe(second?.fingerprint);
    expect(evaluator.observeMatch(match('m1'))[0]?.fingerprint).toBe(first?.fingerprint);
    expect(evaluator.snapshot()).toEqual({ hv: {} });
    expect(evaluator.tick(T0 + 3_600_000)).toEqual([]);
  });

  it('restores from a snapshot and resolves the firing alerts of a removed rule', () => {
    const evaluator = new RuleEvaluator();
    const rule = parseRule({
      id: 'hot',
      kind: 'threshold',
      metric: 't',
      op: '>=',
      threshold: 30,
      severity: 'low',
    });
    evaluator.addRule(rule, T0);
    evaluator.observeMetric({ metric: 't', value: 31, labels: { room: '1' }, at: T0 });
    const restored = new RuleEvaluator(evaluator.snapshot());
    restored.addRule(rule, T0 + 1);
    expect(restored.observeMetric({ metric: 't', value: 35, labels: { room: '1' }, at: T0 + 2 })).toEqual([]);
    expect(restored.removeRule('hot', T0 + 3).map((s) => s.state)).toEqual(['resolved']);
  });
});
