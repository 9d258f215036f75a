import type { IHeaders } from 'kafkajs';
import type { DeadLetterRecord } from '../dlq/DeadLetterRecord.js';

/** A dead letter as JSON for people and scripts: text instead of Buffers, ISO times. */
export interface DeadLetterView {
  partition: number;
  offset: string;
  deadLetteredAt: string;
  firstFailureAt: string | null;
  originTopic: string | null;
  originPartition: number | null;
  originOffset: string | null;
  originTimestamp: string | null;
  key: string | null;
  valueSize: number;
  valuePreview: string;
  headers: Record<string, string>;
  errorClass: string | null;
  errorMessage: string | null;
  errorStack: string | null;
  attempts: number | null;
  redrives: { toTopic: string; at: string; markerOffset: string }[];
}

function headerStrings(headers: IHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const single = Array.isArray(value) ? value[0] : value;
    if (single !== undefined) out[name] = single.toString();
  }
  return out;
}

export function deadLetterView(record: DeadLetterRecord): DeadLetterView {
  return {
    partition: record.partition,
    offset: record.offset,
    deadLetteredAt: record.deadLetteredAt.toISOString(),
    firstFailureAt: record.firstFailureAt?.toISOString() ?? null,
    originTopic: record.originTopic,
    originPartition: record.originPartition,
    originOffset: record.originOffset,
    originTimestamp: record.originTimestamp?.toISOString() ?? null,
    key: record.key?.toString('utf8') ?? null,
    valueSize: record.valueSize,
    valuePreview: record.valuePreview,
    headers: headerStrings(record.headers),
    errorClass: record.errorClass,
    errorMessage: record.errorMessage,
    errorStack: record.errorStack,
    attempts: record.attempts,
    redrives: record.redrives.map((mark) => ({
      toTopic: mark.toTopic,
      at: mark.at.toISOString(),
      markerOffset: mark.markerOffset,
    })),
  };
}

/** Text cut to `length` characters, with an ellipsis when cut, for table cells. */
export function cell(text: string | null | undefined, length = 40): string {
  if (text === null || text === undefined || text === '') return '-';
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

/** A time for a table cell: ISO to the second, in UTC. */
export function timeCell(time: Date | null): string {
  return time ? time.toISOString().replace(/\.\d{3}Z$/, 'Z') : '-';
}
