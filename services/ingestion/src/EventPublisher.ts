import type { StreamEvent } from '@streamforge/stream';
import { encodeEvent } from '@streamforge/stream';
import type { Producer } from 'kafkajs';

/** Where the API hands accepted events; resolves once they are durable. */
export interface EventSink {
  publish(events: readonly StreamEvent[]): Promise<void>;
}

/**
 * Writes accepted events to events.raw, keyed by userId so one user's events stay in order on one
 * partition. The returned promise settles only when every broker in the ISR has the records
 * (acks=all), which is what lets the API answer 202: accepted means durable.
 */
export class EventPublisher implements EventSink {
  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
    private readonly timeoutMs: number,
  ) {}

  /**
   * Rejects after `timeoutMs` even though the producer keeps retrying: the client hears 503 and
   * retries with the same eventId, which is how a late success and a retry are told apart downstream.
   */
  async publish(events: readonly StreamEvent[]): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no acknowledgement from Kafka within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });
    try {
      await Promise.race([this.send(events), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async send(events: readonly StreamEvent[]): Promise<void> {
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: events.map((event) => ({
        key: event.userId,
        value: encodeEvent(event),
        timestamp: String(event.timestamp),
        headers: { 'event-id': event.eventId, 'event-type': event.eventType },
      })),
    });
  }
}
