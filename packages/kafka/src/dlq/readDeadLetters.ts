import type { Kafka } from 'kafkajs';
import type { DeadLetterRecord } from './DeadLetterRecord.js';
import { readDeadLetterRecord } from './DeadLetterRecord.js';
import type { RedriveMark } from './redriveMarker.js';
import { readRedriveMarker } from './redriveMarker.js';
import { readTopicToEnd } from './readTopicToEnd.js';

export interface ReadDeadLettersOptions {
  /** Only these DLQ partitions; all by default. */
  partitions?: readonly number[];
  /** Which dead letters to keep, decided as each is read (their re-drives are not known yet). */
  keep: (record: DeadLetterRecord) => boolean;
  stallTimeoutMs?: number;
}

/**
 * The dead letters of `deadLetterTopic` that `keep` accepts, each with the re-drives recorded for it,
 * ordered by DLQ timestamp, then partition and offset. Re-drive markers come after their dead letter in
 * the same partition, so the marks are attached once the whole range has been read.
 */
export async function readDeadLetters(
  kafka: Kafka,
  deadLetterTopic: string,
  options: ReadDeadLettersOptions,
): Promise<DeadLetterRecord[]> {
  const kept = new Map<string, DeadLetterRecord>();
  const marks = new Map<string, RedriveMark[]>();
  const position = (partition: number, offset: string) => `${partition}:${offset}`;
  await readTopicToEnd(kafka, {
    topic: deadLetterTopic,
    ...(options.partitions ? { partitions: options.partitions } : {}),
    ...(options.stallTimeoutMs === undefined ? {} : { stallTimeoutMs: options.stallTimeoutMs }),
    onMessage: (partition, message) => {
      const marker = readRedriveMarker(message);
      if (marker) {
        const key = position(partition, marker.deadLetterOffset);
        const mark = { toTopic: marker.toTopic, at: marker.at, markerOffset: message.offset };
        marks.set(key, [...(marks.get(key) ?? []), mark]);
        return;
      }
      const record = readDeadLetterRecord(deadLetterTopic, partition, message);
      if (options.keep(record)) kept.set(position(partition, message.offset), record);
    },
  });
  const records = [...kept.entries()].map(([key, record]) => ({ ...record, redrives: marks.get(key) ?? [] }));
  return records.sort(
    (a, b) =>
      a.deadLetteredAt.getTime() - b.deadLetteredAt.getTime() ||
      a.partition - b.partition ||
      Number(BigInt(a.offset) - BigInt(b.offset)),
  );
}
