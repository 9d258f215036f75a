import type { Kafka } from 'kafkajs';
import type { DeadLetterFilter } from './DeadLetterFilter.js';
import { matchesDeadLetterFilter, validateDeadLetterFilter } from './DeadLetterFilter.js';
import { DeadLetterOptionsError } from './DeadLetterOptionsError.js';
import type { DeadLetterRecord } from './DeadLetterRecord.js';
import { deadLetterTopicFor } from './deadLetterTopicFor.js';
import { readDeadLetters } from './readDeadLetters.js';

export interface ListDeadLettersOptions extends DeadLetterFilter {
  /** The DLQ topic, or the topic whose dead letters it holds (`<topic>.dlq` is then read). */
  topic: string;
  /** At most this many: the oldest by DLQ timestamp. */
  limit?: number;
  /** Fails with DLQ_READ_STALLED when reading makes no progress for this long; 20 s by default. */
  stallTimeoutMs?: number;
}

/**
 * The dead letters on a DLQ that match the filter, oldest first, each with its origin, its error and
 * the re-drives recorded for it. The DLQ is read up to the end offsets it has when the call starts, by a
 * consumer that commits nothing, so the call ends on an empty or busy topic and leaves no trace.
 */
export async function listDeadLetters(
  kafka: Kafka,
  options: ListDeadLettersOptions,
): Promise<DeadLetterRecord[]> {
  validateDeadLetterFilter(options);
  const { limit } = options;
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0))
    throw new DeadLetterOptionsError(`limit must be a positive integer, got ${limit}`);
  // Whether a dead letter was re-driven is known only once the whole range is read: decide that last.
  const { redriven, ...readTimeFilter } = options;
  const records = await readDeadLetters(kafka, deadLetterTopicFor(options.topic), {
    ...(options.partition === undefined ? {} : { partitions: [options.partition] }),
    ...(options.stallTimeoutMs === undefined ? {} : { stallTimeoutMs: options.stallTimeoutMs }),
    keep: (record) => matchesDeadLetterFilter(record, readTimeFilter),
  });
  const matching =
    redriven === undefined ? records : records.filter((r) => r.redrives.length > 0 === redriven);
  return limit === undefined ? matching : matching.slice(0, limit);
}
