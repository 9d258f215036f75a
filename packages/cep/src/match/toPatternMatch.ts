import type { StreamEvent } from '@streamforge/stream';
import type { CepMatch } from '../matcher/MatcherEvents.js';
import type { PatternIdentity } from '../pattern/Pattern.js';
import { type PatternMatch, matchId } from './PatternMatch.js';

/**
 * The cep.matches record for a matcher match. Events are flattened in event-time order, so the match id
 * (pattern + event ids) is the same on every replay of the same input.
 */
export function toPatternMatch(pattern: PatternIdentity, match: CepMatch<StreamEvent>): PatternMatch {
  const events = Object.values(match.events)
    .flat()
    .sort((left, right) => left.timestamp - right.timestamp);
  return {
    matchId: matchId(pattern.id, events),
    patternId: pattern.id,
    key: match.key,
    severity: pattern.severity,
    summary: `${pattern.name}: ${events.length} event${events.length === 1 ? '' : 's'} by ${match.key}`,
    events,
    matchedAt: match.completedAt,
  };
}
