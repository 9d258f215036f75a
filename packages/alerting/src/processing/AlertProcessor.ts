import { AlertNotFoundError, InvalidTransitionError } from '../errors.js';
import { climbEscalation, startEscalation } from '../escalation/Escalation.js';
import type { GroupState } from '../group/AggregationGroup.js';
import { flushGroup, groupKeyFor, groupLabelsFor, newGroup } from '../group/AggregationGroup.js';
import { Inhibitor } from '../inhibit/Inhibitor.js';
import type { Muter } from '../mute/Muter.js';
import type { Notification, NotificationAction } from '../notify/Notification.js';
import { fanOut, highestSeverity, notifiedAlert } from '../notify/Notification.js';
import type { AlertRule } from '../rules/AlertRule.js';
import type { AlertSignal } from '../rules/AlertSignal.js';
import type { Silence } from '../silence/Silence.js';
import { isSilenceActive, Silencer } from '../silence/Silence.js';
import { pruneAlertTimes, reAlertSuppression } from '../suppress/ReAlertSuppression.js';
import type { AlertRecord, AlertTransition, SuppressionReason } from './AlertRecord.js';
import { deriveStatus, episodeId, isActive } from './AlertRecord.js';
import type { EscalationPolicy, ProcessorConfig, Route } from './ProcessorConfig.js';
import { FALLBACK_ROUTE } from './ProcessorConfig.js';

/** Everything processing keeps between steps; plain JSON, loaded from and saved to the store. */
export interface ProcessorState {
  alerts: AlertRecord[];
  groups: GroupState[];
  silences: Silence[];
  /** Per rule: processing times of recent episodes that alerted (count-based suppression). */
  ruleAlertTimes: Record<string, number[]>;
}

/**
 * What one step changed. The store writes all of it in one transaction; until then nothing has
 * happened, and re-running the step from the previous state yields the same keys, so nothing doubles.
 */
export interface ProcessorOutput {
  transitions: AlertTransition[];
  notifications: Notification[];
  alerts: AlertRecord[];
  /** Resolved alerts dropped from memory; the store keeps their rows and history. */
  forgottenAlerts: string[];
  groups: GroupState[];
  removedGroups: string[];
  silences: Silence[];
  ruleAlertTimes: Record<string, number[]>;
}

/** Collects one step's changes; each entity is reported once, in its final state. */
class StepChanges {
  readonly transitions: AlertTransition[] = [];
  readonly notifications: Notification[] = [];
  readonly alerts = new Set<string>();
  readonly forgotten = new Set<string>();
  readonly groups = new Set<string>();
  readonly removedGroups = new Set<string>();
  readonly silences = new Set<string>();
  readonly rules = new Set<string>();
}

/**
 * Alert processing as deterministic state transitions driven by explicit time: dedup by fingerprint,
 * re-alert suppression, silences and inhibition (both Muters), lifecycle, escalation and Alertmanager
 * grouping. No timers run inside: the caller calls `tick(now)` at `nextDueAt()` (or on a schedule),
 * and every due-time is in the state, so a restarted process continues exactly where the store left off.
 */
export class AlertProcessor {
  private readonly alerts = new Map<string, AlertRecord>();
  private readonly groups = new Map<string, GroupState>();
  private readonly silences = new Map<string, Silence>();
  private readonly ruleAlertTimes = new Map<string, number[]>();
  private readonly rules = new Map<string, AlertRule>();
  private readonly routes: Map<string, Route>;
  private readonly policies: Map<string, EscalationPolicy>;
  private readonly muters: Muter[];

  constructor(
    private readonly config: ProcessorConfig,
    state?: ProcessorState,
  ) {
    this.routes = new Map(config.routes.map((route) => [route.id, route]));
    this.policies = new Map(config.escalationPolicies.map((policy) => [policy.id, policy]));
    const copy = structuredClone(state);
    for (const alert of copy?.alerts ?? []) this.alerts.set(alert.fingerprint, alert);
    for (const group of copy?.groups ?? []) this.groups.set(group.key, group);
    for (const silence of copy?.silences ?? []) this.silences.set(silence.id, silence);
    for (const [rule, times] of Object.entries(copy?.ruleAlertTimes ?? {}))
      this.ruleAlertTimes.set(rule, times);
    this.muters = [
      new Silencer(() => this.silences.values()),
      new Inhibitor(config.inhibitRules, () => this.alerts.values()),
    ];
  }

  /** Rules tell processing the route, escalation policy and suppression of their alerts. */
  setRule(rule: AlertRule): void {
    this.rules.set(rule.id, rule);
  }

  removeRule(ruleId: string): void {
    this.rules.delete(ruleId);
  }

  get(fingerprint: string): AlertRecord | undefined {
    const alert = this.alerts.get(fingerprint);
    return alert === undefined ? undefined : structuredClone(alert);
  }

  getSilence(silenceId: string): Silence | undefined {
    const silence = this.silences.get(silenceId);
    return silence === undefined ? undefined : structuredClone(silence);
  }

  snapshot(): ProcessorState {
    return structuredClone({
      alerts: [...this.alerts.values()],
      groups: [...this.groups.values()],
      silences: [...this.silences.values()],
      ruleAlertTimes: Object.fromEntries(this.ruleAlertTimes),
    });
  }

  /** Applies evaluation signals, then does whatever is due at `now`. */
  ingest(signals: readonly AlertSignal[], now: number): ProcessorOutput {
    const changes = new StepChanges();
    for (const signal of signals) {
      if (signal.state === 'firing') this.fire(signal, now, changes);
      else this.resolveAlert(signal.fingerprint, 'auto', 'condition cleared', now, changes);
    }
    return this.finishStep(now, changes);
  }

  /** Someone took the alert: its escalation stops; paged channels hear about it. Idempotent. */
  acknowledge(fingerprint: string, actor: string, now: number, reason?: string): ProcessorOutput {
    const changes = new StepChanges();
    const alert = this.requireAlert(fingerprint);
    if (alert.status === 'resolved')
      throw new InvalidTransitionError(fingerprint, alert.status, 'acknowledged');
    if (alert.acknowledgedAt === undefined) {
      this.update(alert, now, changes, { actor, reason }, (record) => {
        record.acknowledgedAt = now;
        record.acknowledgedBy = actor;
      });
      this.tellPagedChannels(alert, 'acknowledge', now, changes);
    }
    return this.finishStep(now, changes);
  }

  /** Resolves by hand. A condition that still holds fires a new episode on its next firing signal. */
  resolve(fingerprint: string, actor: string, now: number, reason?: string): ProcessorOutput {
    const changes = new StepChanges();
    this.requireAlert(fingerprint);
    this.resolveAlert(fingerprint, actor, reason ?? 'resolved by hand', now, changes);
    return this.finishStep(now, changes);
  }

  addSilence(silence: Silence, now: number): ProcessorOutput {
    const changes = new StepChanges();
    this.silences.set(silence.id, structuredClone(silence));
    changes.silences.add(silence.id);
    return this.finishStep(now, changes);
  }

  /** Ends a silence now (endsAt := now); the alerts it muted come back at once. */
  expireSilence(silenceId: string, now: number): ProcessorOutput {
    const changes = new StepChanges();
    const silence = this.silences.get(silenceId);
    if (silence !== undefined && silence.endsAt > now) {
      silence.endsAt = Math.max(now, silence.startsAt);
      changes.silences.add(silenceId);
    }
    return this.finishStep(now, changes);
  }

  /** Group flushes, escalation levels and silence boundaries that are due at `now`. */
  tick(now: number): ProcessorOutput {
    return this.finishStep(now, new StepChanges());
  }

  /** The earliest time at which `tick` has something to do, if any. */
  nextDueAt(now: number): number | undefined {
    const times: number[] = [];
    for (const group of this.groups.values()) times.push(group.nextFlushAt);
    for (const alert of this.alerts.values()) {
      if (alert.status === 'triggered' && alert.escalation?.dueAt !== undefined)
        times.push(alert.escalation.dueAt);
    }
    for (const silence of this.silences.values()) {
      if (silence.startsAt > now) times.push(silence.startsAt);
      if (silence.endsAt > now) times.push(silence.endsAt);
    }
    return times.length === 0 ? undefined : Math.min(...times);
  }

  private requireAlert(fingerprint: string): AlertRecord {
    const alert = this.alerts.get(fingerprint);
    if (alert === undefined) throw new AlertNotFoundError(fingerprint);
    return alert;
  }

  private fire(signal: AlertSignal, now: number, changes: StepChanges): void {
    const existing = this.alerts.get(signal.fingerprint);
    if (existing !== undefined && isActive(existing)) {
      // Deduplication: the same alert again only refreshes what we know about it.
      existing.lastSignalAt = Math.max(existing.lastSignalAt, signal.at);
      existing.occurrences += 1;
      existing.summary = signal.summary;
      if (signal.value !== undefined) existing.value = signal.value;
      if (signal.details !== undefined) existing.details = signal.details;
      existing.updatedAt = now;
      changes.alerts.add(existing.fingerprint);
      return;
    }
    const rule = this.rules.get(signal.ruleId);
    const times = this.ruleAlertTimes.get(signal.ruleId) ?? [];
    const suppressed = reAlertSuppression(rule?.suppression ?? [], now, existing?.lastAlertedAt, times);
    const alert: AlertRecord = {
      fingerprint: signal.fingerprint,
      ruleId: signal.ruleId,
      labels: signal.labels,
      severity: signal.severity,
      summary: signal.summary,
      status: 'triggered',
      route: rule?.route ?? existing?.route ?? FALLBACK_ROUTE.id,
      startsAt: signal.at,
      triggeredAt: now,
      lastSignalAt: signal.at,
      occurrences: 1,
      updatedAt: now,
    };
    if (signal.value !== undefined) alert.value = signal.value;
    if (signal.details !== undefined) alert.details = signal.details;
    if (suppressed !== undefined) {
      alert.suppressedAtTrigger = suppressed;
      if (existing?.lastAlertedAt !== undefined) alert.lastAlertedAt = existing.lastAlertedAt;
    } else {
      alert.lastAlertedAt = now;
      this.ruleAlertTimes.set(signal.ruleId, [...pruneAlertTimes(rule?.suppression ?? [], now, times), now]);
      changes.rules.add(signal.ruleId);
    }
    const mutes = this.mutesOf(alert, now);
    if (mutes.length > 0) alert.mutedBy = mutes;
    alert.status = deriveStatus(alert);
    this.alerts.set(alert.fingerprint, alert);
    changes.alerts.add(alert.fingerprint);
    changes.transitions.push(
      this.transition(alert, existing === undefined ? null : existing.status, now, {}),
    );
    this.joinGroup(alert, now, changes);
  }

  private resolveAlert(
    fingerprint: string,
    actor: string,
    reason: string,
    now: number,
    changes: StepChanges,
  ): void {
    const alert = this.alerts.get(fingerprint);
    if (alert === undefined || !isActive(alert)) return;
    this.update(alert, now, changes, { actor, reason }, (record) => {
      record.resolvedAt = now;
      record.resolvedBy = actor;
      delete record.mutedBy;
    });
    this.tellPagedChannels(alert, 'resolve', now, changes);
  }

  /** Stops the climb and tells every channel paged in this episode (PagerDuty closes its incident). */
  private tellPagedChannels(
    alert: AlertRecord,
    action: Extract<NotificationAction, 'acknowledge' | 'resolve'>,
    now: number,
    changes: StepChanges,
  ): void {
    const escalation = alert.escalation;
    if (escalation === undefined) return;
    delete escalation.dueAt;
    changes.alerts.add(alert.fingerprint);
    if (escalation.pagedChannels.length === 0) return;
    changes.notifications.push(
      ...fanOut(`${action}:${episodeId(alert)}`, escalation.pagedChannels, {
        kind: 'escalation',
        action,
        dedupKey: alert.fingerprint,
        title: `[${action.toUpperCase()}] ${alert.summary}`,
        severity: alert.severity,
        groupLabels: {},
        alerts: [notifiedAlert(alert)],
        createdAt: now,
      }),
    );
  }

  private joinGroup(alert: AlertRecord, now: number, changes: StepChanges): void {
    const route = this.routeOf(alert.route);
    const labels = groupLabelsFor(route, alert);
    const key = groupKeyFor(route.id, labels);
    let group = this.groups.get(key);
    if (group === undefined) {
      group = newGroup(route, labels, now);
      this.groups.set(key, group);
    }
    if (!group.members.includes(alert.fingerprint)) group.members.push(alert.fingerprint);
    changes.groups.add(key);
  }

  private routeOf(routeId: string): Route {
    return this.routes.get(routeId) ?? { ...FALLBACK_ROUTE, id: routeId };
  }

  /** Applies a change to an alert, re-derives its status and records the transition if there is one. */
  private update(
    alert: AlertRecord,
    now: number,
    changes: StepChanges,
    why: { actor?: string; reason?: string },
    mutate: (alert: AlertRecord) => void,
  ): void {
    const before = alert.status;
    mutate(alert);
    alert.status = deriveStatus(alert);
    alert.updatedAt = now;
    changes.alerts.add(alert.fingerprint);
    if (alert.status !== before) changes.transitions.push(this.transition(alert, before, now, why));
  }

  private transition(
    alert: AlertRecord,
    from: AlertRecord['status'] | null,
    now: number,
    why: { actor?: string | undefined; reason?: string | undefined },
  ): AlertTransition {
    const transition: AlertTransition = {
      key: `${episodeId(alert)}:${from ?? 'new'}>${alert.status}@${now}`,
      fingerprint: alert.fingerprint,
      ruleId: alert.ruleId,
      from,
      to: alert.status,
      at: now,
    };
    if (why.actor !== undefined) transition.actor = why.actor;
    const reason = why.reason ?? describeMutes(alert);
    if (reason !== undefined) transition.reason = reason;
    return transition;
  }

  private mutesOf(alert: AlertRecord, now: number): SuppressionReason[] {
    const reasons: SuppressionReason[] = [];
    for (const muter of this.muters) {
      const reason = muter.mutedBy(alert, now);
      if (reason !== undefined) reasons.push(reason);
    }
    return reasons;
  }

  /** The part of every step that depends only on time and the current state. */
  private finishStep(now: number, changes: StepChanges): ProcessorOutput {
    this.refreshMutes(now, changes);
    this.escalate(now, changes);
    this.flushDueGroups(now, changes);
    this.forgetOldResolved(now, changes);
    return this.output(changes);
  }

  /** Silences start and end, inhibiting alerts come and go: re-check every active alert. */
  private refreshMutes(now: number, changes: StepChanges): void {
    for (const alert of this.alerts.values()) {
      if (!isActive(alert)) continue;
      const mutes = this.mutesOf(alert, now);
      if (JSON.stringify(mutes) !== JSON.stringify(alert.mutedBy ?? [])) {
        this.update(alert, now, changes, {}, (record) => {
          if (mutes.length > 0) record.mutedBy = mutes;
          else delete record.mutedBy;
        });
      }
      // Escalation starts when the episode is first notifiable, so a long silence does not leave a
      // backlog of overdue pages behind it.
      const policyId = this.rules.get(alert.ruleId)?.escalationPolicy;
      const policy = policyId === undefined ? undefined : this.policies.get(policyId);
      if (alert.status === 'triggered' && alert.escalation === undefined && policy !== undefined) {
        alert.escalation = startEscalation(policy, now);
        changes.alerts.add(alert.fingerprint);
      }
    }
  }

  private escalate(now: number, changes: StepChanges): void {
    for (const alert of this.alerts.values()) {
      const policy = alert.escalation && this.policies.get(alert.escalation.policyId);
      if (policy === undefined) continue;
      const climbed = climbEscalation(alert, policy, now);
      if (climbed === undefined) continue;
      alert.escalation = climbed.escalation;
      alert.updatedAt = now;
      changes.alerts.add(alert.fingerprint);
      for (const step of climbed.steps) {
        changes.notifications.push(
          ...fanOut(`escalation:${episodeId(alert)}:${step.level}`, step.channels, {
            kind: 'escalation',
            action: 'trigger',
            dedupKey: alert.fingerprint,
            title: `[ESCALATION ${step.level + 1}] ${alert.summary}`,
            severity: alert.severity,
            groupLabels: {},
            alerts: [notifiedAlert(alert)],
            createdAt: now,
            escalationLevel: step.level,
          }),
        );
      }
    }
  }

  private flushDueGroups(now: number, changes: StepChanges): void {
    for (const group of [...this.groups.values()]) {
      if (group.nextFlushAt > now) continue;
      const route = this.routeOf(group.routeId);
      const members = group.members.flatMap((fingerprint) => this.alerts.get(fingerprint) ?? []);
      const result = flushGroup(group, members, route, now);
      if (result.message !== undefined) {
        const { alerts, action, logicalKey } = result.message;
        const firingCount = alerts.filter(isActive).length;
        changes.notifications.push(
          ...fanOut(logicalKey, route.channels, {
            kind: 'group',
            action,
            dedupKey: group.key,
            title: groupTitle(route, group, action, firingCount, alerts.length - firingCount),
            severity: highestSeverity(alerts),
            groupLabels: group.labels,
            alerts: alerts.map(notifiedAlert),
            createdAt: now,
          }),
        );
      }
      if (result.group.members.length === 0) {
        this.groups.delete(group.key);
        changes.groups.delete(group.key);
        changes.removedGroups.add(group.key);
      } else {
        this.groups.set(group.key, result.group);
        changes.groups.add(group.key);
      }
    }
  }

  private forgetOldResolved(now: number, changes: StepChanges): void {
    const grouped = new Set<string>();
    for (const group of this.groups.values()) for (const member of group.members) grouped.add(member);
    for (const alert of [...this.alerts.values()]) {
      if (alert.resolvedAt === undefined || grouped.has(alert.fingerprint)) continue;
      if (now - alert.resolvedAt < this.config.retainResolved) continue;
      this.alerts.delete(alert.fingerprint);
      changes.forgotten.add(alert.fingerprint);
    }
    for (const silence of [...this.silences.values()]) {
      if (!isSilenceActive(silence, now) && now - silence.endsAt >= this.config.retainResolved) {
        this.silences.delete(silence.id);
      }
    }
  }

  private output(changes: StepChanges): ProcessorOutput {
    const alerts = [...changes.alerts].flatMap((fingerprint) => {
      const alert = this.alerts.get(fingerprint);
      return alert === undefined || changes.forgotten.has(fingerprint) ? [] : [structuredClone(alert)];
    });
    return {
      transitions: changes.transitions,
      notifications: changes.notifications,
      alerts,
      forgottenAlerts: [...changes.forgotten],
      groups: [...changes.groups].flatMap((key) => {
        const group = this.groups.get(key);
        return group === undefined ? [] : [structuredClone(group)];
      }),
      removedGroups: [...changes.removedGroups],
      silences: [...changes.silences].flatMap((id) => {
        const silence = this.silences.get(id);
        return silence === undefined ? [] : [structuredClone(silence)];
      }),
      ruleAlertTimes: Object.fromEntries(
        [...changes.rules].map((rule) => [rule, [...(this.ruleAlertTimes.get(rule) ?? [])]]),
      ),
    };
  }
}

function describeMutes(alert: AlertRecord): string | undefined {
  const reasons = [alert.suppressedAtTrigger, ...(alert.mutedBy ?? [])].filter(
    (reason): reason is SuppressionReason => reason !== undefined,
  );
  if (reasons.length === 0) return undefined;
  return reasons
    .map((reason) => {
      switch (reason.kind) {
        case 'silence':
          return `silenced by ${reason.silenceIds.join(',')}`;
        case 'inhibition':
          return `inhibited by ${reason.sourceFingerprints.join(',')}`;
        case 'time_based':
          return `re-alert within ${reason.windowMs} ms`;
        case 'count_based':
          return `more than ${reason.maxAlerts} alerts within ${reason.windowMs} ms`;
      }
    })
    .join('; ');
}

function groupTitle(
  route: Route,
  group: GroupState,
  action: NotificationAction,
  firing: number,
  resolved: number,
): string {
  const labels = Object.entries(group.labels)
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
  const counts = action === 'resolve' ? `RESOLVED:${resolved}` : `FIRING:${firing}`;
  return `[${counts}] ${labels || route.id}`;
}
