import type { TimeSemantics } from '../time/TimeSemantics.js';

/** A Kafka record as a job's decoder sees it; nothing of kafkajs leaks into job code. */
export interface KafkaSourceRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  /** Header values as UTF-8 strings (the first, when a header repeats). */
  headers: Readonly<Record<string, string>>;
  /** The record's timestamp, epoch ms: what ingestion time uses. */
  timestamp: number;
}

export interface KafkaSourceOptions<T> {
  /** The topic read; each of its partitions is a task of the job, with its own state. */
  topic: string;
  /** The source's name in task calls and state namespaces (default `source-<n>`). */
  name?: string;
  /** Record → value. A throw sends the record to the runtime's dead-letter topic (or fails the batch). */
  decode: (record: KafkaSourceRecord) => T;
  /** Which clock times the records (default: ingestion time, i.e. the records' timestamps). */
  time?: TimeSemantics<T>;
}
