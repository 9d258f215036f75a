import { createHash } from 'node:crypto';
import type { StreamEvent } from '@streamforge/stream';
import type { CepTimeout } from '../matcher/MatcherEvents.js';
import type { PatternIdentity } from '../pattern/Pattern.js';
import type { Severity } from './PatternMatch.js';

/**
 * A partial match that expired before completing, as written to cep.timeouts. `timeoutId` is derived
 * from the pattern and the events taken, so a replay writes the same id again. It names the events by
 * id, once: timeouts are many (most partial matches expire), and with full events a batch's timeout
 * records outgrew the broker's 1 MB record-batch limit; the events themselves are on the input topic.
 */
export interface PatternTimeout {
  /** `<pattern id>:<hash of the taken event ids>`. */
  timeoutId: string;
  patternId: string;
  key: string;
  severity: Severity;
  /** Ids of the events taken so far by the stage that took them, each in event order. */
  stages: Record<string, string[]>;
  startedAt: number;
  /** Start + within: the event time at which it expired. */
  timedOutAt: number;
}

export function toPatternTimeout(pattern: PatternIdentity, timeout: CepTimeout<StreamEvent>): PatternTimeout {
  const stages: Record<string, string[]> = {};
  const hash = createHash('sha256');
  for (const [stage, taken] of Object.entries(timeout.events)) {
    stages[stage] = taken.map((event) => event.eventId);
    hash.update(`${stage}\0${stages[stage].join('\0')}\0`);
  }
  return {
    timeoutId: `${pattern.id}:${hash.digest('hex').slice(0, 24)}`,
    patternId: pattern.id,
    key: timeout.key,
    severity: pattern.severity,
    stages,
    startedAt: timeout.startTimestamp,
    timedOutAt: timeout.timedOutAt,
  };
}

export function encodeTimeout(timeout: PatternTimeout): Buffer {
  return Buffer.from(JSON.stringify(timeout));
}
