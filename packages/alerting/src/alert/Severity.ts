import type { Severity } from '@streamforge/cep';

export type { Severity };

/** Most severe first; the index is the rank used by inhibition and escalation. */
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** 0 for critical up to 4 for info: a lower rank is more severe. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}
