import { Counter, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';

export type RejectionReason =
  'invalid_event' | 'invalid_json' | 'too_large' | 'unsupported_media_type' | 'unavailable';

export class IngestionMetrics {
  readonly accepted: Counter;
  readonly rejected: Counter<'reason'>;
  readonly publishSeconds: Histogram;

  constructor(registry: Registry) {
    this.accepted = new Counter({
      name: 'streamforge_ingestion_events_accepted_total',
      help: 'Events acknowledged by Kafka and answered with 202',
      registers: [registry],
    });
    this.rejected = new Counter({
      name: 'streamforge_ingestion_requests_rejected_total',
      help: 'Requests refused, by bounded reason',
      labelNames: ['reason'],
      registers: [registry],
    });
    this.publishSeconds = new Histogram({
      name: 'streamforge_ingestion_publish_seconds',
      help: 'Time from validation to Kafka acknowledgement',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
  }
}
