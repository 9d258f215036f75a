import type { Labels } from '../alert/Labels.js';
import { alertFingerprint } from '../alert/Labels.js';
import type { Severity } from '../alert/Severity.js';
import { criticalInhibitsLower } from '../inhibit/Inhibitor.js';
import type { Notification } from '../notify/Notification.js';
import { parseRule } from '../rules/parseRule.js';
import type { AlertSignal } from '../rules/AlertSignal.js';
import { parseSilence } from '../silence/Silence.js';
import { AlertProcessor } from './AlertProcessor.js';
import { parseProcessorConfig } from './ProcessorConfig.js';

const T0 = 1_700_000_000_000;
const SECOND = 1_000;
const MINUTE = 60 * SECOND;

function signal(
  ruleId: string,
  labels: Labels,
  state: AlertSignal['state'],
  at: number,
  severity: Severity = 'high',
): AlertSignal {
  const all = { ...labels, alertname: ruleId };
  return {
    ruleId,
    fingerprint: alertFingerprint(ruleId, all),
    labels: all,
    severity,
    summary: `${ruleId} on ${labels.service ?? '?'}`,
    state,
    at,
  };
}

function processor(
  overrides: Record<string, unknown> = {},
  rules: Array<Record<string, unknown>> = [],
): AlertProcessor {
  const config = parseProcessorConfig({
    routes: [
      {
        id: 'ops',
        channels: ['slack-ops', 'pd-ops'],
        groupBy: ['service'],
        groupWait: '30s',
        groupInterval: '5m',
        repeatInterval: '1h',
      },
    ],
    escalationPolicies: [
      {
        id: 'oncall',
        levels: [
          { delayMs: '5m', channels: ['sms-primary'] },
          { delayMs: '10m', channels: ['sms-secondary', 'email-manager'] },
        ],
      },
    ],
    ...overrides,
  });
  const alerts = new AlertProcessor(config);
  for (const rule of [
    { id: 'cpu', kind: 'threshold', metric: 'cpu', op: '>', threshold: 90, severity: 'high', route: 'ops' },
    { id: 'down', kind: 'absence', match: [], for: '1m', severity: 'critical', route: 'ops' },
    ...rules,
  ]) {
    alerts.setRule(parseRule(rule));
  }
  return alerts;
}

const groupMessages = (notifications: Notification[], channel = 'slack-ops') =>
  notifications.filter((n) => n.kind === 'group' && n.channel === channel);

describe('AlertProcessor deduplication and grouping', () => {
  it('waits groupWait, sends one notification per group with every alert, and dedups repeats', () => {
    const alerts = processor();
    const first = alerts.ingest([signal('cpu', { service: 'api', host: 'a' }, 'firing', T0)], T0);
    expect(first.notifications).toEqual([]);
    expect(first.transitions.map((t) => [t.from, t.to])).toEqual([[null, 'triggered']]);

    const repeat = alerts.ingest(
      [
        signal('cpu', { service: 'api', host: 'a' }, 'firing', T0 + 5 * SECOND),
        signal('cpu', { service: 'api', host: 'b' }, 'firing', T0 + 10 * SECOND),
        signal('cpu', { service: 'db', host: 'c' }, 'firing', T0 + 10 * SECOND),
      ],
      T0 + 10 * SECOND,
    );
    expect(repeat.transitions).toHaveLength(2);
    expect(
      alerts.get(alertFingerprint('cpu', { service: 'api', host: 'a', alertname: 'cpu' }))?.occurrences,
    ).toBe(2);

    expect(alerts.tick(T0 + 29 * SECOND).notifications).toEqual([]);
    const flushed = alerts.tick(T0 + 30 * SECOND);
    const api = groupMessages(flushed.notifications);
    expect(api).toHaveLength(1);
    expect(api[0]?.alerts.map((a) => a.labels.host).sort()).toEqual(['a', 'b']);
    expect(api[0]?.groupLabels).toEqual({ service: 'api' });
    expect(api[0]?.action).toBe('trigger');
    expect(flushed.notifications.filter((n) => n.channel === 'pd-ops')).toHaveLength(1);
    // The db group started 10 s later, so it waits its own 30 s.
    expect(groupMessages(alerts.tick(T0 + 40 * SECOND).notifications)[0]?.groupLabels).toEqual({
      service: 'db',
    });
  });

  it('batches later changes to groupInterval, repeats after repeatInterval, and announces the resolve', () => {
    const alerts = processor();
    alerts.ingest([signal('cpu', { service: 'api', host: 'a' }, 'firing', T0)], T0);
    alerts.tick(T0 + 30 * SECOND);
    alerts.ingest([signal('cpu', { service: 'api', host: 'b' }, 'firing', T0 + MINUTE)], T0 + MINUTE);
    expect(alerts.tick(T0 + 2 * MINUTE).notifications).toEqual([]);
    const interval = groupMessages(alerts.tick(T0 + 30 * SECOND + 5 * MINUTE).notifications);
    expect(interval.map((n) => n.alerts.length)).toEqual([2]);

    // Nothing new: silent at the next intervals, then a repeat after an hour.
    let now = T0 + 30 * SECOND + 10 * MINUTE;
    expect(alerts.tick(now).notifications).toEqual([]);
    now = T0 + 30 * SECOND + 65 * MINUTE;
    const repeated = groupMessages(alerts.tick(now).notifications);
    expect(repeated).toHaveLength(1);
    expect(repeated[0]?.idempotencyKey).not.toBe(interval[0]?.idempotencyKey);

    const both = [
      signal('cpu', { service: 'api', host: 'a' }, 'resolved', now),
      signal('cpu', { service: 'api', host: 'b' }, 'resolved', now),
    ];
    const resolvedStep = alerts.ingest(both, now + SECOND);
    expect(resolvedStep.transitions.map((t) => t.to)).toEqual(['resolved', 'resolved']);
    const resolved = groupMessages(alerts.tick(now + 5 * MINUTE).notifications);
    expect(resolved).toHaveLength(1);
    expect(resolved[0]?.action).toBe('resolve');
    expect(resolved[0]?.alerts.map((a) => a.status)).toEqual(['resolved', 'resolved']);
    // The empty group is gone: no more flushes.
    expect(alerts.nextDueAt(now + 5 * MINUTE)).toBeUndefined();
  });

  it('never notifies an alert that resolved within groupWait', () => {
    const alerts = processor();
    alerts.ingest([signal('cpu', { service: 'api' }, 'firing', T0)], T0);
    alerts.ingest([signal('cpu', { service: 'api' }, 'resolved', T0 + 10 * SECOND)], T0 + 10 * SECOND);
    expect(alerts.tick(T0 + 30 * SECOND).notifications).toEqual([]);
  });

  it('gives a replayed step the same idempotency keys', () => {
    const run = () => {
      const alerts = processor();
      alerts.ingest([signal('cpu', { service: 'api' }, 'firing', T0)], T0);
      return alerts.tick(T0 + 30 * SECOND).notifications.map((n) => n.idempotencyKey);
    };
    const keys = run();
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(2);
    expect(run()).toEqual(keys);
  });
});

describe('AlertProcessor silences and inhibition', () => {
  it('suppresses silenced alerts while the silence lasts and announces them when it ends', () => {
    const alerts = processor();
    alerts.addSilence(
      parseSilence({
        id: 's1',
        matchers: [{ name: 'service', value: 'api' }],
        startsAt: T0,
        endsAt: T0 + 10 * MINUTE,
        createdBy: 'ops',
      }),
      T0,
    );
    const step = alerts.ingest(
      [signal('cpu', { service: 'api' }, 'firing', T0), signal('cpu', { service: 'db' }, 'firing', T0)],
      T0,
    );
    expect(step.alerts.map((a) => [a.labels.service, a.status])).toEqual([
      ['api', 'suppressed'],
      ['db', 'triggered'],
    ]);
    expect(step.transitions[0]?.reason).toBe('silenced by s1');
    expect(
      groupMessages(alerts.tick(T0 + 30 * SECOND).notifications).map((n) => n.groupLabels.service),
    ).toEqual(['db']);
    expect(alerts.nextDueAt(T0 + 31 * SECOND)).toBe(T0 + 30 * SECOND + 5 * MINUTE);

    expect(alerts.tick(T0 + 30 * SECOND + 5 * MINUTE).notifications).toEqual([]);
    const expired = alerts.tick(T0 + 10 * MINUTE);
    expect(expired.transitions.map((t) => [t.from, t.to])).toEqual([['suppressed', 'triggered']]);
    expect(expired.notifications).toEqual([]);
    expect(groupMessages(alerts.tick(T0 + 10 * MINUTE + 29 * SECOND).notifications)).toEqual([]);
    // The api group flushes on its own interval (30 s + 2 × 5 min) after the silence ends.
    const announced = groupMessages(alerts.tick(T0 + 30 * SECOND + 10 * MINUTE).notifications);
    expect(announced.map((n) => n.groupLabels.service)).toEqual(['api']);
  });

  it('expiring a silence early unmutes at once', () => {
    const alerts = processor();
    alerts.addSilence(
      parseSilence({
        id: 's2',
        matchers: [{ name: 'alertname', value: 'cpu' }],
        startsAt: T0,
        endsAt: T0 + 60 * MINUTE,
        createdBy: 'ops',
      }),
      T0,
    );
    alerts.ingest([signal('cpu', { service: 'api' }, 'firing', T0)], T0);
    const step = alerts.expireSilence('s2', T0 + MINUTE);
    expect(step.silences[0]?.endsAt).toBe(T0 + MINUTE);
    expect(step.transitions.map((t) => t.to)).toEqual(['triggered']);
  });

  it('mutes lower-severity alerts that share the equal labels with a firing critical, until it resolves', () => {
    const alerts = processor({ inhibitRules: [criticalInhibitsLower(['service'])] });
    const step = alerts.ingest(
      [
        signal('down', { service: 'api' }, 'firing', T0, 'critical'),
        signal('cpu', { service: 'api' }, 'firing', T0, 'high'),
        signal('cpu', { service: 'db' }, 'firing', T0, 'high'),
      ],
      T0,
    );
    const byKey = new Map(step.alerts.map((a) => [`${a.ruleId}/${a.labels.service}`, a]));
    expect(byKey.get('down/api')?.status).toBe('triggered');
    expect(byKey.get('cpu/api')?.status).toBe('suppressed');
    expect(byKey.get('cpu/api')?.mutedBy).toEqual([
      { kind: 'inhibition', sourceFingerprints: [byKey.get('down/api')?.fingerprint] },
    ]);
    expect(byKey.get('cpu/db')?.status).toBe('triggered');

    const cleared = alerts.ingest(
      [signal('down', { service: 'api' }, 'resolved', T0 + MINUTE, 'critical')],
      T0 + MINUTE,
    );
    expect(cleared.transitions.map((t) => `${t.ruleId}:${t.from}>${t.to}`).sort()).toEqual([
      'cpu:suppressed>triggered',
      'down:triggered>resolved',
    ]);
  });
});

describe('AlertProcessor re-alert suppression', () => {
  it('suppresses a re-trigger within the time window, not after it', () => {
    const alerts = processor({}, [
      {
        id: 'flappy',
        kind: 'threshold',
        metric: 'x',
        op: '>',
        threshold: 1,
        severity: 'low',
        route: 'ops',
        suppression: [{ type: 'time_based', window: '5m' }],
      },
    ]);
    alerts.ingest([signal('flappy', { service: 'api' }, 'firing', T0)], T0);
    alerts.ingest([signal('flappy', { service: 'api' }, 'resolved', T0 + MINUTE)], T0 + MINUTE);
    const again = alerts.ingest(
      [signal('flappy', { service: 'api' }, 'firing', T0 + 2 * MINUTE)],
      T0 + 2 * MINUTE,
    );
    expect(again.transitions.map((t) => [t.from, t.to, t.reason])).toEqual([
      ['resolved', 'suppressed', 're-alert within 300000 ms'],
    ]);
    alerts.ingest([signal('flappy', { service: 'api' }, 'resolved', T0 + 3 * MINUTE)], T0 + 3 * MINUTE);
    const later = alerts.ingest(
      [signal('flappy', { service: 'api' }, 'firing', T0 + 6 * MINUTE)],
      T0 + 6 * MINUTE,
    );
    expect(later.transitions.map((t) => t.to)).toEqual(['triggered']);
  });

  it('suppresses alerts of a rule beyond maxAlerts per window', () => {
    const alerts = processor({}, [
      {
        id: 'storm',
        kind: 'threshold',
        metric: 'x',
        op: '>',
        threshold: 1,
        severity: 'low',
        route: 'ops',
        suppression: [{ type: 'count_based', window: '10m', maxAlerts: 2 }],
      },
    ]);
    const statuses = ['a', 'b', 'c'].map(
      (host, index) =>
        alerts.ingest([signal('storm', { host }, 'firing', T0 + index)], T0 + index).alerts[0]?.status,
    );
    expect(statuses).toEqual(['triggered', 'triggered', 'suppressed']);
    expect(
      alerts.ingest([signal('storm', { host: 'd' }, 'firing', T0 + 10 * MINUTE)], T0 + 10 * MINUTE).alerts[0]
        ?.status,
    ).toBe('triggered');
  });
});

describe('AlertProcessor lifecycle and escalation', () => {
  const escalating = () =>
    processor({}, [
      {
        id: 'pay',
        kind: 'cep',
        patternId: 'fraud',
        severity: 'critical',
        route: 'ops',
        escalationPolicy: 'oncall',
      },
    ]);

  it('climbs the levels of an unacknowledged alert on persisted due-times', () => {
    const alerts = escalating();
    const fp = signal('pay', { key: 'u1' }, 'firing', T0).fingerprint;
    alerts.ingest([signal('pay', { key: 'u1' }, 'firing', T0)], T0);
    expect(alerts.get(fp)?.escalation).toEqual({
      policyId: 'oncall',
      nextLevel: 0,
      dueAt: T0 + 5 * MINUTE,
      pagedChannels: [],
    });
    const pages = (now: number) => alerts.tick(now).notifications.filter((n) => n.kind === 'escalation');
    expect(pages(T0 + 5 * MINUTE - 1)).toEqual([]);
    expect(pages(T0 + 5 * MINUTE).map((n) => [n.channel, n.escalationLevel])).toEqual([['sms-primary', 0]]);
    expect(pages(T0 + 15 * MINUTE - 1)).toEqual([]);
    expect(pages(T0 + 15 * MINUTE).map((n) => n.channel)).toEqual(['sms-secondary', 'email-manager']);
    expect(alerts.get(fp)?.escalation?.dueAt).toBeUndefined();
    expect(pages(T0 + 60 * MINUTE)).toEqual([]);
  });

  it('sends every overdue level after a restart from the snapshot, once', () => {
    const before = escalating();
    before.ingest([signal('pay', { key: 'u1' }, 'firing', T0)], T0);
    const restarted = new AlertProcessor(
      parseProcessorConfig({
        escalationPolicies: [
          {
            id: 'oncall',
            levels: [
              { delayMs: '5m', channels: ['sms-primary'] },
              { delayMs: '10m', channels: ['sms-secondary'] },
            ],
          },
        ],
      }),
      before.snapshot(),
    );
    restarted.setRule(
      parseRule({
        id: 'pay',
        kind: 'cep',
        patternId: 'fraud',
        severity: 'critical',
        route: 'ops',
        escalationPolicy: 'oncall',
      }),
    );
    const late = restarted.tick(T0 + 20 * MINUTE).notifications.filter((n) => n.kind === 'escalation');
    expect(late.map((n) => n.channel)).toEqual(['sms-primary', 'sms-secondary']);
    expect(restarted.tick(T0 + 21 * MINUTE).notifications.filter((n) => n.kind === 'escalation')).toEqual([]);
  });

  it('acknowledging stops the climb and tells the paged channels; resolving tells them too', () => {
    const alerts = escalating();
    const fired = signal('pay', { key: 'u1' }, 'firing', T0);
    alerts.ingest([fired], T0);
    alerts.tick(T0 + 5 * MINUTE);
    const ack = alerts.acknowledge(fired.fingerprint, 'alice', T0 + 6 * MINUTE, 'looking');
    expect(ack.transitions).toEqual([
      expect.objectContaining({ from: 'triggered', to: 'acknowledged', actor: 'alice', reason: 'looking' }),
    ]);
    expect(
      ack.notifications.filter((n) => n.kind === 'escalation').map((n) => [n.channel, n.action]),
    ).toEqual([['sms-primary', 'acknowledge']]);
    expect(alerts.tick(T0 + 30 * MINUTE).notifications.filter((n) => n.kind === 'escalation')).toEqual([]);
    // Acknowledging twice changes nothing.
    expect(alerts.acknowledge(fired.fingerprint, 'bob', T0 + 31 * MINUTE).transitions).toEqual([]);

    const resolved = alerts.resolve(fired.fingerprint, 'alice', T0 + 40 * MINUTE, 'fixed');
    expect(resolved.transitions.map((t) => [t.from, t.to, t.actor])).toEqual([
      ['acknowledged', 'resolved', 'alice'],
    ]);
    expect(resolved.notifications.filter((n) => n.kind === 'escalation').map((n) => n.action)).toEqual([
      'resolve',
    ]);
    expect(() => alerts.acknowledge(fired.fingerprint, 'bob', T0 + 41 * MINUTE)).toThrow(
      'cannot go from resolved to acknowledged',
    );
    expect(() => alerts.acknowledge('nope', 'bob', T0)).toThrow('no alert with fingerprint nope');
  });

  it('starts a new episode when a resolved alert fires again, with fresh keys', () => {
    const alerts = escalating();
    alerts.ingest([signal('pay', { key: 'u1' }, 'firing', T0)], T0);
    const first = alerts.tick(T0 + 5 * MINUTE).notifications.find((n) => n.kind === 'escalation');
    alerts.ingest([signal('pay', { key: 'u1' }, 'resolved', T0 + 6 * MINUTE)], T0 + 6 * MINUTE);
    const again = alerts.ingest([signal('pay', { key: 'u1' }, 'firing', T0 + 7 * MINUTE)], T0 + 7 * MINUTE);
    expect(again.transitions.map((t) => [t.from, t.to])).toEqual([['resolved', 'triggered']]);
    const second = alerts.tick(T0 + 12 * MINUTE).notifications.find((n) => n.kind === 'escalation');
    expect(second?.channel).toBe('sms-primary');
    expect(second?.idempotencyKey).not.toBe(first?.idempotencyKey);
  });

  it('holds escalation while suppressed and starts it when the alert becomes notifiable', () => {
    const alerts = escalating();
    alerts.addSilence(
      parseSilence({
        id: 's',
        matchers: [{ name: 'alertname', value: 'pay' }],
        startsAt: T0,
        endsAt: T0 + 30 * MINUTE,
        createdBy: 'ops',
      }),
      T0,
    );
    const fired = signal('pay', { key: 'u1' }, 'firing', T0);
    alerts.ingest([fired], T0);
    expect(alerts.tick(T0 + 20 * MINUTE).notifications.filter((n) => n.kind === 'escalation')).toEqual([]);
    alerts.tick(T0 + 30 * MINUTE);
    expect(alerts.get(fired.fingerprint)?.escalation?.dueAt).toBe(T0 + 35 * MINUTE);
  });
});
