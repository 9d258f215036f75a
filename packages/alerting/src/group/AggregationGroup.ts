import { createHash } from 'node:crypto';
import type { Labels } from '../alert/Labels.js';
import { pickLabels, sortedLabelPairs } from '../alert/Labels.js';
import type { NotificationAction } from '../notify/Notification.js';
import type { AlertRecord } from '../processing/AlertRecord.js';
import { alertMatchLabels, episodeId } from '../processing/AlertRecord.js';
import type { Route } from '../processing/ProcessorConfig.js';

/**
 * One aggregation group: the alerts of a route that share the route's `groupBy` label values. Plain
 * JSON, persisted after every step, so that group wait / interval / repeat survive a restart.
 */
export interface GroupState {
  /** routeId + groupBy values, hashed. */
  key: string;
  /** `key` plus the creation time: a group that empties and comes back is a new incident. */
  incident: string;
  routeId: string;
  labels: Record<string, string>;
  members: string[];
  /** When the group is next looked at: creation + groupWait, then every groupInterval. */
  nextFlushAt: number;
  /** Episodes (fingerprint@startsAt) in the last notification, by their state then. */
  lastFiring: string[];
  lastAcknowledged: string[];
  lastNotifiedAt?: number;
  /** Notifications sent so far; part of each notification's idempotency key. */
  sequence: number;
}

export function groupLabelsFor(route: Route, alert: AlertRecord): Record<string, string> {
  return pickLabels(alertMatchLabels(alert), route.groupBy);
}

export function groupKeyFor(routeId: string, labels: Labels): string {
  return createHash('sha256')
    .update(JSON.stringify([routeId, sortedLabelPairs(labels)]))
    .digest('hex')
    .slice(0, 32);
}

export function newGroup(route: Route, labels: Record<string, string>, now: number): GroupState {
  const key = groupKeyFor(route.id, labels);
  return {
    key,
    incident: `${key}@${now}`,
    routeId: route.id,
    labels,
    members: [],
    nextFlushAt: now + route.groupWait,
    lastFiring: [],
    lastAcknowledged: [],
    sequence: 0,
  };
}

/** What a flush decided to send; absent when the group had nothing new to say. */
export interface GroupMessage {
  logicalKey: string;
  action: NotificationAction;
  alerts: AlertRecord[];
}

export interface FlushResult {
  group: GroupState;
  message?: GroupMessage;
  /** Members dropped because their resolve has now been dealt with. */
  released: string[];
}

/**
 * Alertmanager's flush, applied at `nextFlushAt`: notify when some firing alert was not in the last
 * notification, when an alert notified as firing has since resolved (with sendResolved), when the
 * acknowledged set grew, or when the group is still firing and `repeatInterval` has passed since the
 * last notification. Suppressed alerts are left out; they are sent once they are unmuted.
 */
export function flushGroup(
  group: GroupState,
  members: readonly AlertRecord[],
  route: Route,
  now: number,
): FlushResult {
  const firing = members.filter((alert) => alert.status === 'triggered' || alert.status === 'acknowledged');
  const firingIds = firing.map(episodeId);
  const acknowledgedIds = firing.filter((alert) => alert.status === 'acknowledged').map(episodeId);
  const previouslyFiring = new Set(group.lastFiring);
  const resolved = members.filter(
    (alert) => alert.status === 'resolved' && previouslyFiring.has(episodeId(alert)),
  );
  const previouslyAcknowledged = new Set(group.lastAcknowledged);

  const newFiring = firingIds.some((id) => !previouslyFiring.has(id));
  const newResolved = route.sendResolved && resolved.length > 0;
  const newAcknowledged = acknowledgedIds.some((id) => !previouslyAcknowledged.has(id));
  const repeatDue =
    firing.length > 0 &&
    group.lastNotifiedAt !== undefined &&
    now - group.lastNotifiedAt >= route.repeatInterval;

  // Resolved members leave the group now: their resolve is being sent, or it never needs to be.
  const released = members.filter((alert) => alert.status === 'resolved').map((alert) => alert.fingerprint);
  const next: GroupState = {
    ...group,
    members: group.members.filter((fingerprint) => !released.includes(fingerprint)),
    nextFlushAt: now + route.groupInterval,
  };
  if (!(newFiring || newResolved || newAcknowledged || repeatDue)) {
    // Alerts that left the firing set unannounced (silenced, inhibited) drop out of the reference, so
    // that they are announced again when they come back.
    next.lastFiring = group.lastFiring.filter((id) => firingIds.includes(id));
    next.lastAcknowledged = group.lastAcknowledged.filter((id) => acknowledgedIds.includes(id));
    return { group: next, released };
  }
  const action: NotificationAction =
    firing.length === 0 ? 'resolve' : acknowledgedIds.length === firing.length ? 'acknowledge' : 'trigger';
  next.lastFiring = firingIds;
  next.lastAcknowledged = acknowledgedIds;
  next.lastNotifiedAt = now;
  next.sequence = group.sequence + 1;
  return {
    group: next,
    released,
    message: {
      logicalKey: `group:${group.incident}:${next.sequence}`,
      action,
      alerts: [...firing, ...(route.sendResolved ? resolved : [])],
    },
  };
}
