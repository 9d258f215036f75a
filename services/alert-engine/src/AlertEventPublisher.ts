import type { PostgresAlertEvents } from '@streamforge/alerting';
import type { Producer } from 'kafkajs';

/** The header that names a transition; consumers of alerts.events drop repeats by it. */
export const TRANSITION_KEY_HEADER = 'streamforge-transition-key';

/**
 * Produces the committed transitions of alert_history to alerts.events in history order, keyed by alert
 * fingerprint (so one alert's transitions stay ordered on one partition), and marks them published.
 * At least once: a crash after the produce and before the mark produces a transition again, with the
 * same transition key.
 */
export class AlertEventPublisher {
  constructor(
    private readonly events: PostgresAlertEvents,
    private readonly producer: Producer,
    private readonly topic: string,
    private readonly batchSize = 500,
  ) {}

  /** Publishes everything pending; returns how many transitions went out. */
  async publishPending(): Promise<number> {
    let published = 0;
    for (;;) {
      const pending = await this.events.unpublished(this.batchSize);
      if (pending.length === 0) return published;
      await this.producer.send({
        topic: this.topic,
        acks: -1,
        messages: pending.map(({ event }) => ({
          key: event.fingerprint,
          value: JSON.stringify(event),
          headers: { [TRANSITION_KEY_HEADER]: event.transitionKey },
        })),
      });
      await this.events.markPublished(pending.map(({ sequence }) => sequence));
      published += pending.length;
    }
  }
}
