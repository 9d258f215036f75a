import type { PatternMatch } from './PatternMatch.js';

export class MatchDecodeError extends Error {
  readonly code = 'MATCH_DECODE_FAILED';
  readonly retriable = false;

  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'MatchDecodeError';
  }
}

export function encodeMatch(match: PatternMatch): Buffer {
  return Buffer.from(JSON.stringify(match));
}

export function decodeMatch(bytes: Buffer | null): PatternMatch {
  if (bytes === null) throw new MatchDecodeError('record has no value');
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (cause) {
    throw new MatchDecodeError('record value is not JSON', cause);
  }
  const match = value as Partial<PatternMatch> | null;
  if (
    typeof match?.matchId !== 'string' ||
    typeof match.patternId !== 'string' ||
    typeof match.key !== 'string' ||
    typeof match.severity !== 'string' ||
    typeof match.matchedAt !== 'number' ||
    !Array.isArray(match.events)
  ) {
    throw new MatchDecodeError('record value is not a PatternMatch');
  }
  return match as PatternMatch;
}
