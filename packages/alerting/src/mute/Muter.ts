import type { AlertRecord, SuppressionReason } from '../processing/AlertRecord.js';

/**
 * Decides whether an active alert is muted right now, and why. Silences and inhibition implement it,
 * so that processing asks one question of each and never cares which kind of mute it is.
 */
export interface Muter {
  mutedBy(alert: AlertRecord, now: number): SuppressionReason | undefined;
}
