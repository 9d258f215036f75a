import type { KafkaMessage, Message } from 'kafkajs';
import { headerText, headerTime } from './deadLetterHeaders.js';
import { REDRIVE_MARKER_HEADERS } from './redriveHeaders.js';

/** One recorded re-drive of a dead letter. */
export interface RedriveMark {
  /** The topic the copy was sent to. */
  toTopic: string;
  at: Date;
  /** The marker's own offset on the DLQ partition. */
  markerOffset: string;
}

/** What a marker says: which dead letter of its partition was re-driven, where to and when. */
export interface RedriveMarker {
  deadLetterOffset: string;
  toTopic: string;
  at: Date;
}

/**
 * The marker for re-driving the dead letter at `partition`/`offset`: no key and no value, its meaning is
 * in headers. It goes to the dead letter's own partition, after it, so it lives as long as it does.
 */
export function redriveMarkerMessage(
  deadLetter: { partition: number; offset: string },
  toTopic: string,
  at: Date,
): Message {
  return {
    partition: deadLetter.partition,
    key: null,
    value: null,
    headers: {
      [REDRIVE_MARKER_HEADERS.offset]: deadLetter.offset,
      [REDRIVE_MARKER_HEADERS.toTopic]: toTopic,
      [REDRIVE_MARKER_HEADERS.at]: at.toISOString(),
    },
  };
}

/** The marker a DLQ record is, or undefined when it is a dead letter. */
export function readRedriveMarker(message: KafkaMessage): RedriveMarker | undefined {
  const deadLetterOffset = headerText(message.headers, REDRIVE_MARKER_HEADERS.offset);
  if (deadLetterOffset === undefined) return undefined;
  return {
    deadLetterOffset,
    toTopic: headerText(message.headers, REDRIVE_MARKER_HEADERS.toTopic) ?? '',
    at: headerTime(message.headers, REDRIVE_MARKER_HEADERS.at) ?? new Date(Number(message.timestamp)),
  };
}
