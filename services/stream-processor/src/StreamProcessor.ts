import { deadLetterMessage, deadLetterTopicName } from '@streamforge/kafka';
import type { Logger } from '@streamforge/telemetry';
import type { StreamEvent } from '@streamforge/stream';
import { TumblingWindow, decodeEvent, encodeEvent } from '@streamforge/stream';
import type { Consumer, EachBatchPayload, Message, Producer } from 'kafkajs';
import type { RedisWindowMirror } from './RedisWindowMirror.js';
import type { CountedRecord, WindowCountStore } from './WindowCountStore.js';

export interface StreamProcessorOptions {
  /** The Kafka cluster's id; the Postgres offsets are kept per cluster. */
  clusterId: string;
  consumer: Consumer;
  producer: Producer;
  store: WindowCountStore;
  mirror: RedisWindowMirror;
  logger: Logger;
  consumerGroup: string;
  inputTopic: string;
  outputTopic: string;
  windowSizeMs: number;
  partitionConcurrency: number;
}

/** An event on events.enriched: the raw event plus the window it was counted in. */
export interface EnrichedEvent extends StreamEvent {
  window: { start: number; end: number };
}

/**
 * events.raw → (count per event type per tumbling window → Postgres, Redis) and → events.enriched.
 *
 * Order per batch: forward and dead-letter first, then the Postgres transaction that records the
 * counts with the consumed offset, then the Kafka offset commit. A crash anywhere repeats the batch:
 * the counts stay exact (the store skips offsets it has), and the forwarded copies may repeat, which
 * downstream tolerates because every event carries its eventId.
 */
export class StreamProcessor {
  private readonly window: TumblingWindow;

  constructor(private readonly options: StreamProcessorOptions) {
    this.window = new TumblingWindow(options.windowSizeMs);
  }

  async start(): Promise<void> {
    const { consumer, inputTopic, partitionConcurrency } = this.options;
    await consumer.connect();
    await consumer.subscribe({ topic: inputTopic, fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: partitionConcurrency,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.processBatch(payload),
    });
  }

  private async processBatch({
    batch,
    resolveOffset,
    heartbeat,
    commitOffsetsIfNecessary,
    isRunning,
    isStale,
  }: EachBatchPayload): Promise<void> {
    if (!isRunning() || isStale() || batch.messages.length === 0) return;
    const { producer, store, mirror, logger } = this.options;
    const records: CountedRecord[] = [];
    const forwards: Message[] = [];
    const deadLetters: Message[] = [];

    for (const message of batch.messages) {
      let event: StreamEvent;
      try {
        event = decodeEvent(message.value);
      } catch (error) {
        deadLetters.push(deadLetterMessage(batch, message, error as Error));
        records.push({ offset: message.offset });
        continue;
      }
      const window = this.window.assign(event.timestamp);
      records.push({
        offset: message.offset,
        eventType: event.eventType,
        windowStart: window.start,
        windowEnd: window.end,
      });
      const enriched: EnrichedEvent = { ...event, window };
      forwards.push({
        key: message.key,
        value: encodeEvent(enriched),
        timestamp: message.timestamp,
        headers: message.headers ?? {},
      });
    }

    const topicMessages = [{ topic: this.options.outputTopic, messages: forwards }];
    if (deadLetters.length > 0) {
      topicMessages.push({ topic: deadLetterTopicName(batch.topic), messages: deadLetters });
      logger.warn(
        { topic: batch.topic, partition: batch.partition, count: deadLetters.length },
        'records sent to the dead-letter topic',
      );
    }
    await producer.sendBatch({
      acks: -1,
      topicMessages: topicMessages.filter((entry) => entry.messages.length > 0),
    });
    await heartbeat();

    const counts = await store.add(
      {
        clusterId: this.options.clusterId,
        consumerGroup: this.options.consumerGroup,
        topic: batch.topic,
        partition: batch.partition,
      },
      records,
    );
    await mirror.mirror(counts).catch((error: unknown) => {
      // Redis is a read-side mirror; Postgres already holds the truth, so a Redis outage is logged, not fatal.
      logger.warn({ err: error }, 'mirroring window counts to Redis failed');
    });

    const lastOffset = batch.messages.at(-1)?.offset;
    if (lastOffset !== undefined) resolveOffset(lastOffset);
    await commitOffsetsIfNecessary();
  }

  async stop(): Promise<void> {
    // disconnect() waits for the running batch, which commits before it returns.
    await this.options.consumer.disconnect();
  }
}
