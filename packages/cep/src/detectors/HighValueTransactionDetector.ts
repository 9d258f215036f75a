import type { StreamEvent } from '@streamforge/stream';
import type { PatternMatch } from '../match/PatternMatch.js';
import { matchId } from '../match/PatternMatch.js';

export const HIGH_VALUE_TRANSACTION = 'high-value-transaction';

/**
 * The reference documents' single-event fraud rule: a `transaction` whose `properties.amount` is above
 * a threshold. Amounts given as numeric strings count; anything else is not an amount.
 */
export class HighValueTransactionDetector {
  constructor(readonly threshold: number) {
    if (!Number.isFinite(threshold))
      throw new RangeError(`threshold must be a finite number, got ${threshold}`);
  }

  detect(event: StreamEvent): PatternMatch | undefined {
    if (event.eventType !== 'transaction') return undefined;
    const raw = event.properties.amount;
    const amount =
      typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
    if (!Number.isFinite(amount) || amount <= this.threshold) return undefined;
    return {
      matchId: matchId(HIGH_VALUE_TRANSACTION, [event]),
      patternId: HIGH_VALUE_TRANSACTION,
      key: event.userId,
      severity: 'high',
      summary: `transaction of ${amount} by ${event.userId} is above ${this.threshold}`,
      events: [event],
      matchedAt: event.timestamp,
    };
  }
}
