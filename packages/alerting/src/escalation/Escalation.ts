import type { AlertRecord, EscalationState } from '../processing/AlertRecord.js';
import type { EscalationPolicy } from '../processing/ProcessorConfig.js';

/** The escalation of a newly triggered alert: level 0 is due `delayMs` after the trigger. */
export function startEscalation(policy: EscalationPolicy, triggeredAt: number): EscalationState {
  const first = policy.levels[0];
  const state: EscalationState = { policyId: policy.id, nextLevel: 0, pagedChannels: [] };
  if (first !== undefined) state.dueAt = triggeredAt + first.delayMs;
  return state;
}

export interface EscalationStep {
  level: number;
  channels: string[];
  /** The due time this level fired for; names the page in its idempotency key. */
  dueAt: number;
}

/**
 * Climbs every level that is due at `now` (several after a long outage: each due page is still sent).
 * Later levels count their delay from the previous level's due time, not from `now`, so a late tick
 * never shifts the schedule. Only triggered alerts climb: acknowledged, resolved and suppressed ones hold.
 */
export function climbEscalation(
  alert: AlertRecord,
  policy: EscalationPolicy,
  now: number,
): { escalation: EscalationState; steps: EscalationStep[] } | undefined {
  const current = alert.escalation;
  if (current === undefined || current.dueAt === undefined || current.dueAt > now) return undefined;
  if (alert.status !== 'triggered') return undefined;
  const escalation: EscalationState = { ...current, pagedChannels: [...current.pagedChannels] };
  const steps: EscalationStep[] = [];
  while (escalation.dueAt !== undefined && escalation.dueAt <= now) {
    const level = policy.levels[escalation.nextLevel];
    if (level === undefined) {
      delete escalation.dueAt;
      break;
    }
    steps.push({ level: escalation.nextLevel, channels: level.channels, dueAt: escalation.dueAt });
    for (const channel of level.channels)
      if (!escalation.pagedChannels.includes(channel)) escalation.pagedChannels.push(channel);
    escalation.nextLevel += 1;
    const following = policy.levels[escalation.nextLevel];
    if (following === undefined) delete escalation.dueAt;
    else escalation.dueAt += following.delayMs;
  }
  return { escalation, steps };
}
