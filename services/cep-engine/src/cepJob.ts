import type { CepMatch, CepTimeout, LateEvent, PatternIdentity, PatternRegistry } from '@streamforge/cep';
import {
  cepProcessFunction,
  encodeMatch,
  encodeTimeout,
  toPatternMatch,
  toPatternTimeout,
} from '@streamforge/cep';
import type { StreamEvent } from '@streamforge/stream';
import { OutputTag, StreamJob, decodeEvent, eventTime } from '@streamforge/stream';

export interface CepJobOptions {
  patterns: PatternRegistry<StreamEvent>;
  inputTopic: string;
  matchesTopic: string;
  timeoutsTopic: string;
  lateTopic: string;
  maxOutOfOrdernessMs: number;
  /** Called as each record is encoded for its transaction (a retried batch counts again). */
  onOutput?: (kind: 'match' | 'timeout' | 'late', patternId: string) => void;
}

/** What a cep.late record holds: the event and the pattern it was too late for. */
export interface LateEventRecord {
  patternId: string;
  key: string;
  /** The event time it fell behind: the watermark or the user's last event. */
  behind: number;
  event: StreamEvent;
}

/**
 * events.enriched → per user, every registered pattern (the CEP operator, its partial matches in keyed
 * state) → cep.matches, cep.timeouts and cep.late, for runKafkaJob: each batch's records, state changes
 * and input offsets commit in one transaction. Record timestamps are event times, so a replay writes
 * identical records.
 */
export function cepJob(options: CepJobOptions): StreamJob {
  const { patterns, onOutput } = options;
  const job = new StreamJob();
  const timeouts = new OutputTag<CepTimeout<StreamEvent>>('timeouts');
  const late = new OutputTag<LateEvent<StreamEvent>>('late');
  // A record is encoded right after the batch that made it, so the pattern is still registered; the
  // fallback only guards the type.
  const identity = (patternId: string, name = patternId): PatternIdentity =>
    patterns.get(patternId)?.pattern ?? { id: patternId, name, severity: 'medium' };

  const matches = job
    .fromKafka<StreamEvent>({
      topic: options.inputTopic,
      name: 'events',
      decode: (record) => decodeEvent(record.value),
      time: eventTime((event: StreamEvent) => event.timestamp, {
        maxOutOfOrdernessMs: options.maxOutOfOrdernessMs,
      }),
    })
    .keyBy((event) => event.userId)
    .process(cepProcessFunction<StreamEvent>({ patterns, timeouts, late }), { name: 'patterns' });

  matches.toKafka(
    options.matchesTopic,
    (match: CepMatch<StreamEvent>) => {
      const record = toPatternMatch(identity(match.patternId, match.patternName), match);
      onOutput?.('match', record.patternId);
      return {
        key: `${record.patternId}:${record.key}`,
        value: encodeMatch(record),
        headers: { 'match-id': record.matchId },
        timestamp: record.matchedAt,
      };
    },
    { name: 'matches-out' },
  );
  matches.sideOutput(timeouts).toKafka(
    options.timeoutsTopic,
    (timeout) => {
      const record = toPatternTimeout(identity(timeout.patternId), timeout);
      onOutput?.('timeout', record.patternId);
      return {
        key: `${record.patternId}:${record.key}`,
        value: encodeTimeout(record),
        headers: { 'timeout-id': record.timeoutId },
        timestamp: record.timedOutAt,
      };
    },
    { name: 'timeouts-out' },
  );
  matches.sideOutput(late).toKafka(
    options.lateTopic,
    ({ patternId, key, behind, event }) => {
      onOutput?.('late', patternId);
      const record: LateEventRecord = { patternId, key, behind, event };
      return { key: `${patternId}:${key}`, value: JSON.stringify(record), timestamp: event.timestamp };
    },
    { name: 'late-out' },
  );
  return job;
}
