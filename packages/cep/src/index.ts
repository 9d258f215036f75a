export type { PatternMatch, Severity } from './match/PatternMatch.js';
export { matchId } from './match/PatternMatch.js';
export { MatchDecodeError, decodeMatch, encodeMatch } from './match/matchSerde.js';
export { toPatternMatch } from './match/toPatternMatch.js';
export type { PatternTimeout } from './match/PatternTimeout.js';
export { encodeTimeout, toPatternTimeout } from './match/PatternTimeout.js';
export {
  HIGH_VALUE_TRANSACTION,
  HighValueTransactionDetector,
} from './detectors/HighValueTransactionDetector.js';

export { CepError, MalformedPatternError, PatternFileError, SnapshotRestoreError } from './errors.js';

export { PatternBuilder } from './pattern/PatternBuilder.js';
export type { PatternOptions } from './pattern/PatternBuilder.js';
export type { Pattern, PatternIdentity, TimedEvent } from './pattern/Pattern.js';
export type { NegationStage, Stage, TakeStage } from './pattern/Stage.js';
export type { Condition, ConditionContext } from './pattern/Condition.js';
export { andCondition, orCondition } from './pattern/Condition.js';
export type { Contiguity } from './pattern/Contiguity.js';

export { AfterMatchSkip } from './skip/AfterMatchSkipStrategy.js';
export type { AfterMatchSkipStrategy } from './skip/AfterMatchSkipStrategy.js';

export { NFA } from './nfa/NFA.js';
export type { NfaMatch, NfaOutput, NfaTimeout } from './nfa/NfaResult.js';
export { emptyKeyState } from './nfa/NfaState.js';
export type { KeyState, PendingMatchState, RunState, TakenEvent } from './nfa/NfaState.js';

export { PatternMatcher } from './matcher/PatternMatcher.js';
export type { CepMatch, CepTimeout, LateEvent, MatcherEvents } from './matcher/MatcherEvents.js';
export { MATCHER_SNAPSHOT_VERSION } from './matcher/MatcherSnapshot.js';
export type { MatcherSnapshot } from './matcher/MatcherSnapshot.js';

export type * from './files/PatternDocument.js';
export { PATTERN_FILE_EXTENSIONS } from './files/loadPatternFile.js';
export { patternFromDocument } from './files/patternFromDocument.js';
export {
  BUILT_IN_PATTERNS_DIRECTORY,
  loadPatternDirectory,
  loadPatternFile,
  parsePatternText,
} from './files/loadPatternFile.js';
export type { LoadPatternOptions } from './files/loadPatternFile.js';
export { loadPatternFolder } from './files/loadPatternFolder.js';
export type { PatternFile, PatternFolder } from './files/loadPatternFolder.js';

export { PatternRegistry } from './operator/PatternRegistry.js';
export type { PatternChanges, RegisteredPattern, VersionedPattern } from './operator/PatternRegistry.js';
export { cepProcessFunction } from './operator/cepProcessFunction.js';
export type { CepProcessOptions, PatternKeyState } from './operator/cepProcessFunction.js';
