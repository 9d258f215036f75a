import type { AlertManager, ConsumedRecord, StepResult } from '@streamforge/alerting';
import { decodeAggregate } from '@streamforge/alerting';
import { decodeMatch } from '@streamforge/cep';
import { deadLetterMessage, deadLetterTopicName } from '@streamforge/kafka';
import type { Logger } from '@streamforge/telemetry';
import type { Consumer, EachBatchPayload, KafkaMessage, Message, Producer } from 'kafkajs';

export interface AlertConsumerOptions {
  /** The Kafka cluster's id; the Postgres offsets are kept per cluster. */
  clusterId: string;
  consumer: Consumer;
  /** Sends unreadable records to `<topic>.dlq`. */
  producer: Producer;
  manager: AlertManager;
  logger: Logger;
  consumerGroup: string;
  matchesTopic: string;
  aggregatesTopic: string;
  onStep?: (step: StepResult) => void;
}

/**
 * cep.matches and metrics.aggregates (read_committed) → AlertManager.processRecords, one partition
 * batch per step. The offsets that count are the ones committed in Postgres with each step; the group
 * offset is committed to Kafka only afterwards, so it never runs ahead of Postgres, and whatever Kafka
 * redelivers behind it is filtered out there.
 */
export class AlertConsumer {
  constructor(private readonly options: AlertConsumerOptions) {}

  async start(): Promise<void> {
    const { consumer, matchesTopic, aggregatesTopic } = this.options;
    await consumer.connect();
    await consumer.subscribe({ topics: [matchesTopic, aggregatesTopic], fromBeginning: true });
    await consumer.run({
      // Steps are serialised in the manager anyway: alert processing is one state over all keys.
      partitionsConsumedConcurrently: 1,
      // The inputs are transactional: commit past each commit marker at once, so lag reads 0 when idle.
      autoCommitThreshold: 1,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.processBatch(payload),
    });
  }

  async stop(): Promise<void> {
    await this.options.consumer.disconnect();
  }

  private decode(topic: string, message: KafkaMessage): ConsumedRecord {
    if (topic === this.options.matchesTopic)
      return { offset: message.offset, input: { kind: 'match', match: decodeMatch(message.value) } };
    return { offset: message.offset, input: decodeAggregate(message.value) };
  }

  private async processBatch({
    batch,
    resolveOffset,
    commitOffsetsIfNecessary,
    heartbeat,
    isRunning,
    isStale,
  }: EachBatchPayload): Promise<void> {
    const last = batch.messages.at(-1);
    if (!isRunning() || isStale() || last === undefined) return;
    const records: ConsumedRecord[] = [];
    const deadLetters: Message[] = [];
    for (const message of batch.messages) {
      try {
        records.push(this.decode(batch.topic, message));
      } catch (error) {
        deadLetters.push(deadLetterMessage(batch, message, error as Error));
        records.push({ offset: message.offset });
      }
    }
    if (deadLetters.length > 0) {
      // Before the step commits: a crash in between sends them again, never loses them.
      await this.options.producer.send({
        topic: deadLetterTopicName(batch.topic),
        acks: -1,
        messages: deadLetters,
      });
      this.options.logger.warn(
        { topic: batch.topic, partition: batch.partition, count: deadLetters.length },
        'records sent to the dead-letter topic',
      );
    }
    const step = await this.options.manager.processRecords(
      {
        clusterId: this.options.clusterId,
        consumerGroup: this.options.consumerGroup,
        topic: batch.topic,
        partition: batch.partition,
      },
      records,
    );
    this.options.onStep?.(step);
    resolveOffset(last.offset);
    await heartbeat();
    await commitOffsetsIfNecessary();
  }
}
