/**
 * Names of the headers StreamForge puts on records. The trace headers are the W3C Trace Context
 * names, the ones OpenTelemetry's Kafka instrumentations use, so traces join across tools.
 */
export const STREAMFORGE_HEADERS = {
  /** The event's idempotency key from the ingestion edge; the same id end to end. */
  eventId: 'event-id',
  /** W3C `traceparent`: version, trace id, parent span id, flags. */
  traceparent: 'traceparent',
  /** W3C `tracestate`: vendor entries that travel with the trace. */
  tracestate: 'tracestate',
  /** Schema registry id of the value's schema, also in the Confluent wire format's prefix. */
  schemaId: 'schema-id',
  /** The service that produced the record. */
  originService: 'origin-service',
  originHost: 'origin-host',
  /** The record this one was derived from, when it was derived from one. */
  originTopic: 'origin-topic',
  originPartition: 'origin-partition',
  originOffset: 'origin-offset',
} as const;
