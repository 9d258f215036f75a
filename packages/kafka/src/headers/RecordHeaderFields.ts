import type { TraceContext } from './traceContext.js';

/** Where a record was made: by which service on which host, and from which record if derived from one. */
export interface RecordOrigin {
  service: string;
  host: string;
  topic?: string;
  partition?: number;
  /** A Kafka offset, as kafkajs spells offsets: a decimal string. */
  offset?: string;
}

/** The StreamForge headers of a record, typed; each is absent when the record lacks a valid one. */
export interface RecordHeaderFields {
  eventId?: string;
  trace?: TraceContext;
  schemaId?: number;
  origin?: RecordOrigin;
}
