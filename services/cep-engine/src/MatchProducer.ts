import type { HighValueTransactionDetector, PatternMatch } from '@streamforge/cep';
import { encodeMatch } from '@streamforge/cep';
import { deadLetterMessage, deadLetterTopicName } from '@streamforge/kafka';
import type { StreamEvent } from '@streamforge/stream';
import { decodeEvent } from '@streamforge/stream';
import type { Logger } from '@streamforge/telemetry';
import type { Consumer, EachBatchPayload, Message, Producer } from 'kafkajs';

export interface MatchProducerOptions {
  consumer: Consumer;
  /** A transactional producer. */
  producer: Producer;
  detector: HighValueTransactionDetector;
  logger: Logger;
  consumerGroup: string;
  inputTopic: string;
  matchesTopic: string;
  onMatch?: (match: PatternMatch) => void;
}

/**
 * events.enriched → cep.matches. Each batch's matches, its dead letters and its consumed offset are
 * committed in one Kafka transaction, so after a crash a batch is either wholly visible to
 * read_committed readers or not at all.
 */
export class MatchProducer {
  constructor(private readonly options: MatchProducerOptions) {}

  async start(): Promise<void> {
    const { consumer, inputTopic } = this.options;
    await consumer.connect();
    await consumer.subscribe({ topic: inputTopic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      // One transactional producer can have one open transaction, so partitions take turns.
      partitionsConsumedConcurrently: 1,
      eachBatch: (payload) => this.processBatch(payload),
    });
  }

  private async processBatch({ batch, resolveOffset, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const last = batch.messages.at(-1);
    if (!isRunning() || isStale() || last === undefined) return;
    const { producer, detector, logger } = this.options;
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
      this.options.onMatch?.(match);
      matches.push({
        key: `${match.patternId}:${match.key}`,
        value: encodeMatch(match),
        headers: { 'match-id': match.matchId },
      });
    }

    const transaction = await producer.transaction();
    try {
      const topicMessages = [
        { topic: this.options.matchesTopic, messages: matches },
        { topic: deadLetterTopicName(batch.topic), messages: deadLetters },
      ].filter((entry) => entry.messages.length > 0);
      if (topicMessages.length > 0) await transaction.sendBatch({ topicMessages });
      await transaction.sendOffsets({
        consumerGroupId: this.options.consumerGroup,
        topics: [
          {
            topic: batch.topic,
            partitions: [{ partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() }],
          },
        ],
      });
      await transaction.commit();
    } catch (error) {
      await transaction
        .abort()
        .catch((abortError: unknown) => logger.warn({ err: abortError }, 'aborting the transaction failed'));
      throw error;
    }
    if (deadLetters.length > 0)
      logger.warn(
        { partition: batch.partition, count: deadLetters.length },
        'records sent to the dead-letter topic',
      );
    resolveOffset(last.offset);
  }

  async stop(): Promise<void> {
    await this.options.consumer.disconnect();
  }
}
