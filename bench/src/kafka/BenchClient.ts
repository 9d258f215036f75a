import type { PayloadPool } from './payload.js';

/** The record-batch compressions the workloads use; every client names them the same way. */
export type BenchCompression = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

/** One producer run: `records` values of `recordSize` bytes (no key) sent to `topic`. */
export interface ProduceSpec {
  topic: string;
  records: number;
  recordSize: number;
  compression: BenchCompression;
  /** 0: send as the application hands records over; > 0: let the client group them for this long. */
  lingerMs: number;
  /** Records per batch where the client (or the caller, for kafkajs) groups them by count. */
  batchRecords: number;
  /** Most records sent and not yet acknowledged at once, for clients that take one record per call. */
  window: number;
  payloads: PayloadPool;
}

/** One consumer run: read `records` records of `topic` from the earliest offset in a fresh group. */
export interface ConsumeSpec {
  topic: string;
  records: number;
  groupId: string;
}

export interface Latency {
  p50Ms: number;
  p99Ms: number;
}

/** What one run measured; rates are derived from it. */
export interface RunResult {
  records: number;
  /** Value bytes (the payload), as Kafka's perf tools count them. */
  bytes: number;
  seconds: number;
  /** Send → acknowledgement of each record, when the run measured it. */
  latency?: Latency;
}

/** Why a client does not run a workload, in a few words for the report. */
export class WorkloadSkipped extends Error {
  override readonly name = 'WorkloadSkipped';
}

/**
 * The small port every Kafka client is measured through: the same records, the same topic, the same
 * guarantees (acks=all, idempotent producer; read_committed consumer from the earliest offset).
 */
export interface BenchClient {
  readonly name: string;
  /** Client and library versions, e.g. `2.2.4` or `1.10.1 (librdkafka 2.12.0)`. */
  readonly version: string;
  /** How the client sends without and with linger, for the report's notes. */
  describeProduce(spec: Pick<ProduceSpec, 'lingerMs' | 'batchRecords' | 'window'>): string;
  /** How the client reads, for the report's notes. */
  describeConsume(): string;
  produce(spec: ProduceSpec): Promise<RunResult>;
  consume(spec: ConsumeSpec): Promise<RunResult>;
  close(): Promise<void>;
}
