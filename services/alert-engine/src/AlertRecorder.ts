import type { Alert } from '@streamforge/alerting';
import { alertFromMatch } from '@streamforge/alerting';
import { decodeMatch } from '@streamforge/cep';
import { deadLetterMessage, deadLetterTopicName } from '@streamforge/kafka';
import type { Logger } from '@streamforge/telemetry';
import type { Consumer, EachBatchPayload, Message, Producer } from 'kafkajs';
import type { AlertStore } from './AlertStore.js';

export interface AlertRecorderOptions {
  /** The Kafka cluster's id; the Postgres offsets are kept per cluster. */
  clusterId: string;
  consumer: Consumer;
  producer: Producer;
  store: AlertStore;
  logger: Logger;
  consumerGroup: string;
  matchesTopic: string;
  partitionConcurrency: number;
  onAlert?: (fingerprint: string) => void;
}

/** cep.matches (read_committed) → one alert row per match in Postgres. */
export class AlertRecorder {
  constructor(private readonly options: AlertRecorderOptions) {}

  async start(): Promise<void> {
    const { consumer, matchesTopic, partitionConcurrency } = this.options;
    await consumer.connect();
    await consumer.subscribe({ topic: matchesTopic, fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: partitionConcurrency,
      // cep.matches is transactional: commit the offset past each commit marker at once, so the
      // group's lag reads 0 when it has caught up.
      autoCommitThreshold: 1,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.processBatch(payload),
    });
  }

  private async processBatch({
    batch,
    resolveOffset,
    commitOffsetsIfNecessary,
    isRunning,
    isStale,
  }: EachBatchPayload): Promise<void> {
    const last = batch.messages.at(-1);
    if (!isRunning() || isStale() || last === undefined) return;
    const records: Array<{ offset: string; alert?: Alert }> = [];
    const deadLetters: Message[] = [];
    for (const message of batch.messages) {
      try {
        records.push({ offset: message.offset, alert: alertFromMatch(decodeMatch(message.value)) });
      } catch (error) {
        deadLetters.push(deadLetterMessage(batch, message, error as Error));
        records.push({ offset: message.offset });
      }
    }
    if (deadLetters.length > 0) {
      await this.options.producer.send({
        topic: deadLetterTopicName(batch.topic),
        acks: -1,
        messages: deadLetters,
      });
      this.options.logger.warn(
        { partition: batch.partition, count: deadLetters.length },
        'records sent to the dead-letter topic',
      );
    }
    const created = await this.options.store.record(
      {
        clusterId: this.options.clusterId,
        consumerGroup: this.options.consumerGroup,
        topic: batch.topic,
        partition: batch.partition,
      },
      records,
    );
    for (const fingerprint of created) this.options.onAlert?.(fingerprint);
    resolveOffset(last.offset);
    await commitOffsetsIfNecessary();
  }

  async stop(): Promise<void> {
    await this.options.consumer.disconnect();
  }
}
