import type { Message } from 'kafkajs';
import type { DeadLetterRecord } from './DeadLetterRecord.js';
import { REDRIVE_HEADERS } from './redriveHeaders.js';

/**
 * The copy of a dead letter for its origin topic: the original key, value, headers and timestamp (the
 * services forward record timestamps as event time, so the copy keeps its event's), without the DLQ's
 * and the retry tiers' headers, plus which dead letter it came from and when it was sent back.
 * `partition` is the origin partition, or null to leave it to the producer's key partitioner.
 */
export function redriveMessage(deadLetter: DeadLetterRecord, at: Date, partition: number | null): Message {
  return {
    key: deadLetter.key,
    value: deadLetter.value,
    ...(partition === null ? {} : { partition }),
    ...(deadLetter.originTimestamp === null
      ? {}
      : { timestamp: String(deadLetter.originTimestamp.getTime()) }),
    headers: {
      ...deadLetter.headers,
      [REDRIVE_HEADERS.fromTopic]: deadLetter.topic,
      [REDRIVE_HEADERS.fromPartition]: String(deadLetter.partition),
      [REDRIVE_HEADERS.fromOffset]: deadLetter.offset,
      [REDRIVE_HEADERS.at]: at.toISOString(),
    },
  };
}
