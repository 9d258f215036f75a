import type { HighValueTransactionDetector, PatternMatch } from '@streamforge/cep';
import { encodeMatch } from '@streamforge/cep';
import type { TransactionalHandler } from '@streamforge/kafka';
import { deadLetterMessage, deadLetterTopicName } from '@streamforge/kafka';
import type { StreamEvent } from '@streamforge/stream';
import { decodeEvent } from '@streamforge/stream';
import type { Logger } from '@streamforge/telemetry';
import type { Message } from 'kafkajs';

export interface MatchHandlerOptions {
  detector: HighValueTransactionDetector;
  logger: Logger;
  matchesTopic: string;
  onMatch?: (match: PatternMatch) => void;
}

/**
 * events.enriched → cep.matches, for runTransactional: a batch's matches and the dead letters of its
 * undecodable records are committed with the batch's input offsets in one Kafka transaction, so after
 * a crash a batch is either wholly visible to read_committed readers or not at all.
 */
export function matchHandler(options: MatchHandlerOptions): TransactionalHandler {
  const { detector, logger, matchesTopic, onMatch } = options;
  return async (batch) => {
    const matches: Message[] = [];
    const deadLetters: Message[] = [];
    for (const message of batch.messages) {
      let event: StreamEvent;
      try {
        event = decodeEvent(message.value);
      } catch (error) {
        deadLetters.push(deadLetterMessage(batch, message, error as Error));
        continue;
      }
      const match = detector.detect(event);
      if (match === undefined) continue;
      onMatch?.(match);
      matches.push({
        key: `${match.patternId}:${match.key}`,
        value: encodeMatch(match),
        headers: { 'match-id': match.matchId },
      });
    }
    if (deadLetters.length > 0)
      logger.warn(
        { partition: batch.partition, count: deadLetters.length },
        'records sent to the dead-letter topic',
      );
    return [
      { topic: matchesTopic, messages: matches },
      { topic: deadLetterTopicName(batch.topic), messages: deadLetters },
    ];
  };
}
