import type { IHeaders, KafkaMessage } from 'kafkajs';
import { withoutRetryHeaders } from '../retry/retryHeaders.js';
import {
  DEAD_LETTER_HEADERS,
  DEAD_LETTER_HEADER_PREFIX,
  headerText,
  headerTime,
} from './deadLetterHeaders.js';
import type { RedriveMark } from './redriveMarker.js';

/**
 * One dead letter as read from `<topic>.dlq`: where it is, where it came from, why it failed, and
 * whether it has been re-driven. Fields read from headers are null when the header is missing or
 * unreadable, since a DLQ may also hold records written by other tools.
 */
export interface DeadLetterRecord {
  /** The DLQ topic. */
  topic: string;
  /** The dead letter's partition on the DLQ. */
  partition: number;
  /** The dead letter's offset on the DLQ. */
  offset: string;
  /** The DLQ record's timestamp: when it was dead-lettered. */
  deadLetteredAt: Date;
  originTopic: string | null;
  originPartition: number | null;
  originOffset: string | null;
  originTimestamp: Date | null;
  /** The record key, or the `dlq-original-key` header when the key itself was stripped. */
  key: Buffer | null;
  value: Buffer | null;
  valueSize: number;
  /** The start of the value as text, for people; control characters shown as '.'. */
  valuePreview: string;
  /** The record's own headers, without the DLQ's and the retry tiers': what a re-drive sends back. */
  headers: IHeaders;
  errorClass: string | null;
  errorMessage: string | null;
  errorStack: string | null;
  /** Deliveries before it was dead-lettered. */
  attempts: number | null;
  firstFailureAt: Date | null;
  /** Re-drives recorded for this dead letter, oldest first; empty when it was never re-driven. */
  redrives: RedriveMark[];
}

const PREVIEW_LENGTH = 64;

function parseInteger(text: string | undefined): number | null {
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : null;
}

function valuePreview(value: Buffer | null): string {
  if (value === null) return '';
  const text = value.subarray(0, PREVIEW_LENGTH * 4).toString('utf8');
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
  const printable = text.replace(/[\u0000-\u001f\u007f]/g, '.');
  return printable.length > PREVIEW_LENGTH ? `${printable.slice(0, PREVIEW_LENGTH)}…` : printable;
}

function ownHeaders(message: KafkaMessage): IHeaders {
  const headers: IHeaders = {};
  for (const [name, value] of Object.entries(withoutRetryHeaders(message).headers ?? {}))
    if (!name.startsWith(DEAD_LETTER_HEADER_PREFIX) && value !== undefined) headers[name] = value;
  return headers;
}

/** The dead letter at `partition`/`message.offset` of the DLQ `topic`, read from its headers. */
export function readDeadLetterRecord(
  topic: string,
  partition: number,
  message: KafkaMessage,
): DeadLetterRecord {
  const { headers } = message;
  const read = (name: string) => headerText(headers, name);
  const keyHeader = headers?.[DEAD_LETTER_HEADERS.originalKey];
  const keyFromHeader = Array.isArray(keyHeader) ? keyHeader[0] : keyHeader;
  return {
    topic,
    partition,
    offset: message.offset,
    deadLetteredAt: new Date(Number(message.timestamp)),
    originTopic: read(DEAD_LETTER_HEADERS.originalTopic) ?? null,
    originPartition: parseInteger(read(DEAD_LETTER_HEADERS.originalPartition)),
    originOffset: read(DEAD_LETTER_HEADERS.originalOffset) ?? null,
    originTimestamp: headerTime(headers, DEAD_LETTER_HEADERS.originalTimestamp),
    key: message.key ?? (keyFromHeader === undefined ? null : Buffer.from(keyFromHeader)),
    value: message.value,
    valueSize: message.value?.length ?? 0,
    valuePreview: valuePreview(message.value),
    headers: ownHeaders(message),
    errorClass: read(DEAD_LETTER_HEADERS.errorClass) ?? null,
    errorMessage: read(DEAD_LETTER_HEADERS.errorMessage) ?? null,
    errorStack: read(DEAD_LETTER_HEADERS.errorStack) ?? null,
    attempts: parseInteger(read(DEAD_LETTER_HEADERS.attempts)),
    firstFailureAt: headerTime(headers, DEAD_LETTER_HEADERS.firstFailure),
    redrives: [],
  };
}
