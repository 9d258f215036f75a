import type { PatternMatch } from '@streamforge/cep';
import type { Labels } from '../alert/Labels.js';
import { alertFingerprint, pickLabels, sortedLabelPairs } from '../alert/Labels.js';
import type { AbsenceRule, AlertRule, AnomalyRule, CepRule, Comparison, ThresholdRule } from './AlertRule.js';
import type { AlertSignal } from './AlertSignal.js';
import { allMatch } from './Matcher.js';
import type { AnomalyScore, MetricSample, ObservedEvent } from './Observation.js';

/** Per-series evaluation state; plain JSON so that a caller can persist it and restore it after a restart. */
export interface SeriesState {
  labels: Record<string, string>;
  /** When the condition started to hold without a break (threshold/anomaly `for`). */
  pendingSince?: number;
  firing: boolean;
  /** Last matching observation (absence, cep). */
  lastSeenAt: number;
  value?: number;
  details?: Record<string, unknown>;
}

/** rule id → series key → state. */
export type RuleEvaluatorState = Record<string, Record<string, SeriesState>>;

const COMPARE: Record<Comparison, (value: number, threshold: number) => boolean> = {
  '>': (v, t) => v > t,
  '>=': (v, t) => v >= t,
  '<': (v, t) => v < t,
  '<=': (v, t) => v <= t,
  '==': (v, t) => v === t,
  '!=': (v, t) => v !== t,
};

/**
 * Turns observations (metric samples, events, anomaly scores, CEP matches) into firing/resolved signals
 * for each rule. Time is always the caller's: observation times and the `now` given to `tick`, so that
 * a replay evaluates exactly as the original run did. Only transitions produce signals, except CEP
 * matches, which signal every match so that processing can count occurrences.
 */
export class RuleEvaluator {
  private readonly rules = new Map<string, AlertRule>();
  private readonly state: RuleEvaluatorState;

  constructor(state: RuleEvaluatorState = {}) {
    this.state = structuredClone(state);
  }

  /** Adds or replaces a rule. `now` starts the absence clock of a rule with no `by` labels. */
  addRule(rule: AlertRule, now: number): AlertSignal[] {
    const resolved = this.rules.has(rule.id) ? this.removeRule(rule.id, now) : [];
    this.rules.set(rule.id, rule);
    const series = (this.state[rule.id] ??= {});
    if (rule.kind === 'absence' && rule.by.length === 0)
      series[''] ??= { labels: {}, firing: false, lastSeenAt: now };
    return resolved;
  }

  /** Removes a rule; its firing alerts resolve, since nothing will ever clear them otherwise. */
  removeRule(ruleId: string, now: number): AlertSignal[] {
    const rule = this.rules.get(ruleId);
    const series = this.state[ruleId] ?? {};
    this.rules.delete(ruleId);
    delete this.state[ruleId];
    if (rule === undefined) return [];
    return Object.values(series)
      .filter((entry) => entry.firing)
      .map((entry) => this.signal(rule, entry, 'resolved', now));
  }

  getRules(): AlertRule[] {
    return [...this.rules.values()];
  }

  snapshot(): RuleEvaluatorState {
    return structuredClone(this.state);
  }

  observeMetric(sample: MetricSample): AlertSignal[] {
    const signals: AlertSignal[] = [];
    for (const rule of this.rules.values()) {
      if (!rule.enabled || rule.kind !== 'threshold' || rule.metric !== sample.metric) continue;
      if (!allMatch(rule.match, sample.labels)) continue;
      const holds = COMPARE[rule.op](sample.value, rule.threshold);
      signals.push(
        ...this.holdFor(rule, sample.labels, holds, sample.at, sample.value, { metric: sample.metric }),
      );
    }
    return signals;
  }

  observeAnomaly(score: AnomalyScore): AlertSignal[] {
    const signals: AlertSignal[] = [];
    for (const rule of this.rules.values()) {
      if (!rule.enabled || rule.kind !== 'anomaly' || rule.metric !== score.metric) continue;
      if (rule.detector !== undefined && rule.detector !== score.detector) continue;
      if (!allMatch(rule.match, score.labels)) continue;
      const holds = score.score >= rule.minScore;
      signals.push(
        ...this.holdFor(rule, score.labels, holds, score.at, score.score, { detector: score.detector }),
      );
    }
    return signals;
  }

  observeEvent(event: ObservedEvent): AlertSignal[] {
    const signals: AlertSignal[] = [];
    for (const rule of this.rules.values()) {
      if (!rule.enabled || rule.kind !== 'absence' || !allMatch(rule.match, event.labels)) continue;
      const labels = pickLabels(event.labels, rule.by);
      const series = this.seriesOf(rule.id);
      const entry = (series[seriesKey(labels)] ??= { labels, firing: false, lastSeenAt: event.at });
      entry.lastSeenAt = Math.max(entry.lastSeenAt, event.at);
      if (entry.firing) {
        entry.firing = false;
        signals.push(this.signal(rule, entry, 'resolved', event.at));
      }
    }
    return signals;
  }

  observeMatch(match: PatternMatch): AlertSignal[] {
    const signals: AlertSignal[] = [];
    for (const rule of this.rules.values()) {
      if (!rule.enabled || rule.kind !== 'cep' || rule.patternId !== match.patternId) continue;
      const details = {
        matchId: match.matchId,
        eventIds: match.events.map((event) => event.eventId),
        matchSummary: match.summary,
      };
      if (rule.alertPer === 'match') {
        // The match is the incident: nothing to remember between matches, so no series state grows.
        const labels = { pattern: match.patternId, key: match.key, match: match.matchId };
        const entry: SeriesState = { labels, firing: true, lastSeenAt: match.matchedAt, details };
        signals.push(this.signal(rule, entry, 'firing', match.matchedAt));
        continue;
      }
      const labels = { pattern: match.patternId, key: match.key };
      const series = this.seriesOf(rule.id);
      const entry = (series[seriesKey(labels)] ??= { labels, firing: false, lastSeenAt: match.matchedAt });
      entry.lastSeenAt = Math.max(entry.lastSeenAt, match.matchedAt);
      entry.firing = true;
      entry.details = details;
      signals.push(this.signal(rule, entry, 'firing', match.matchedAt));
    }
    return signals;
  }

  /** Time-driven conditions: absence past its `for`, CEP alerts whose key went quiet. */
  tick(now: number): AlertSignal[] {
    const signals: AlertSignal[] = [];
    for (const rule of this.rules.values()) {
      if (!rule.enabled) continue;
      if (rule.kind === 'absence') signals.push(...this.tickAbsence(rule, now));
      if (rule.kind === 'cep') signals.push(...this.tickCep(rule, now));
    }
    return signals;
  }

  private tickAbsence(rule: AbsenceRule, now: number): AlertSignal[] {
    const signals: AlertSignal[] = [];
    for (const entry of Object.values(this.state[rule.id] ?? {})) {
      if (entry.firing || now - entry.lastSeenAt < rule.for) continue;
      entry.firing = true;
      entry.details = { lastSeenAt: entry.lastSeenAt };
      signals.push(this.signal(rule, entry, 'firing', now));
    }
    return signals;
  }

  private tickCep(rule: CepRule, now: number): AlertSignal[] {
    const signals: AlertSignal[] = [];
    const series = this.state[rule.id] ?? {};
    for (const [key, entry] of Object.entries(series)) {
      if (now - entry.lastSeenAt < rule.resolveAfter) continue;
      // A quiet key is forgotten: the next match for it starts a new alert episode.
      delete series[key];
      if (entry.firing) signals.push(this.signal(rule, entry, 'resolved', now));
    }
    return signals;
  }

  /** The `for` logic shared by threshold and anomaly rules. */
  private holdFor(
    rule: ThresholdRule | AnomalyRule,
    sampleLabels: Labels,
    holds: boolean,
    at: number,
    value: number,
    details: Record<string, unknown>,
  ): AlertSignal[] {
    const labels = rule.by === undefined ? { ...sampleLabels } : pickLabels(sampleLabels, rule.by);
    const series = this.seriesOf(rule.id);
    const key = seriesKey(labels);
    const entry = series[key];
    if (!holds) {
      if (entry === undefined) return [];
      delete series[key];
      return entry.firing ? [this.signal(rule, { ...entry, value }, 'resolved', at)] : [];
    }
    const current = entry ?? { labels, firing: false, lastSeenAt: at, pendingSince: at };
    series[key] = current;
    current.lastSeenAt = at;
    current.value = value;
    current.details = { ...details, pendingSince: current.pendingSince };
    if (current.firing || at - (current.pendingSince ?? at) < rule.for) return [];
    current.firing = true;
    return [this.signal(rule, current, 'firing', at)];
  }

  private seriesOf(ruleId: string): Record<string, SeriesState> {
    return (this.state[ruleId] ??= {});
  }

  private signal(rule: AlertRule, entry: SeriesState, state: AlertSignal['state'], at: number): AlertSignal {
    const labels: Record<string, string> = { ...entry.labels, ...rule.labels, alertname: rule.id };
    const signal: AlertSignal = {
      ruleId: rule.id,
      fingerprint: alertFingerprint(rule.id, labels),
      labels,
      severity: rule.severity,
      summary: renderSummary(rule, labels, entry.value),
      state,
      at,
    };
    if (entry.value !== undefined) signal.value = entry.value;
    if (entry.details !== undefined) signal.details = entry.details;
    return signal;
  }
}

function seriesKey(labels: Labels): string {
  return JSON.stringify(sortedLabelPairs(labels));
}

/** `{{label}}` and `{{value}}` placeholders in a rule's summary; the rule name or id otherwise. */
function renderSummary(rule: AlertRule, labels: Labels, value: number | undefined): string {
  const template = rule.summary ?? rule.name ?? rule.id;
  return template.replace(/\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g, (_whole, name: string) =>
    name === 'value' ? (value === undefined ? '' : String(value)) : (labels[name] ?? ''),
  );
}
