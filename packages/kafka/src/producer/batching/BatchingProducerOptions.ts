import type { ICustomPartitioner } from 'kafkajs';
import { z } from 'zod';
import type { Compression } from '../../compression/compressionCodecs.js';
import { BatchingOptionsError } from './BatchingOptionsError.js';
import type { BatchSendError } from './BatchSendError.js';

/** What is reported when a batch is acknowledged or fails, for record and byte metrics. */
export interface BatchCompletion {
  topic: string;
  partition: number;
  recordCount: number;
  /** Upper bound of the batch's uncompressed size on the wire. */
  sizeBytes: number;
  /** From handing the batch to kafkajs to its acknowledgement or failure. */
  durationMs: number;
  /** Set when the batch failed; its records were rejected with it. */
  error?: BatchSendError;
}

export interface BatchingProducerOptions {
  /** Bytes a partition's batch may reach before it is sent without waiting for the linger; 16 KiB by default. */
  batchSize?: number;
  /**
   * How long a batch waits for more records after its first one; 5 ms by default (Kafka 4.0's
   * `linger.ms`). With 0 a batch leaves as soon as its partition has nothing in flight, and records
   * sent meanwhile still share the next batch.
   */
  lingerMs?: number;
  /** Bytes of records buffered or in flight before `send()` waits; 32 MiB by default. */
  bufferMemory?: number;
  /** How long `send()` waits for metadata and buffer room before it rejects; 60 s by default. */
  maxBlockMs?: number;
  /** How long a topic's partition list is trusted before it is fetched again; 5 min by default. */
  metadataMaxAgeMs?: number;
  compression?: Compression;
  /**
   * Places records without an explicit `partition`; by default `murmur2Partitioner` with sticky null
   * keys that move on after `batchSize` bytes, so that the sticky partition changes with the batch.
   */
  partitioner?: ICustomPartitioner;
  /** Called after each batch settles; an exception thrown here is ignored, never a send failure. */
  onBatchCompleted?: (completion: BatchCompletion) => void;
}

const isFunction = (value: unknown): boolean => typeof value === 'function';

const optionsSchema = z.strictObject({
  batchSize: z.number().int().positive().default(16_384),
  lingerMs: z.number().int().nonnegative().default(5),
  bufferMemory: z
    .number()
    .int()
    .positive()
    .default(32 * 1024 * 1024),
  maxBlockMs: z.number().int().nonnegative().default(60_000),
  metadataMaxAgeMs: z.number().int().positive().default(300_000),
  compression: z.enum(['none', 'gzip', 'snappy', 'lz4', 'zstd']).default('none'),
  partitioner: z
    .custom<ICustomPartitioner>(isFunction, { message: 'expected a kafkajs partitioner factory' })
    .optional(),
  onBatchCompleted: z
    .custom<(completion: BatchCompletion) => void>(isFunction, { message: 'expected a function' })
    .optional(),
});

/** The options with every default filled in. */
export type BatchingSettings = z.output<typeof optionsSchema>;

/** Validates the options, failing with one line per bad field. */
export function parseBatchingOptions(options: BatchingProducerOptions): BatchingSettings {
  const parsed = optionsSchema.safeParse(options);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'options'}: ${issue.message}`,
  );
  throw new BatchingOptionsError(`invalid batching producer options:\n  ${problems.join('\n  ')}`);
}
