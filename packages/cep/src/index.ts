export type { PatternMatch, Severity } from './match/PatternMatch.js';
export { matchId } from './match/PatternMatch.js';
export { MatchDecodeError, decodeMatch, encodeMatch } from './match/matchSerde.js';
export {
  HIGH_VALUE_TRANSACTION,
  HighValueTransactionDetector,
} from './detectors/HighValueTransactionDetector.js';
