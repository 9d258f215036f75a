import type { IHeaders, KafkaMessage, Message } from 'kafkajs';

/**
 * Headers a record carries on `<topic>.retry.<n>`. The copy has a new offset and timestamp, so the
 * original ones travel in headers, for the handler's context and for the dead letter at the end.
 */
export const RETRY_HEADERS = {
  /** Epoch milliseconds before which the record must not be tried again. */
  notBefore: 'retry-not-before',
  /** The attempt the record is waiting for: 2 on retry.1, 3 on retry.2, ... */
  attempt: 'retry-attempt',
  originalTopic: 'retry-original-topic',
  originalPartition: 'retry-original-partition',
  originalOffset: 'retry-original-offset',
  originalTimestamp: 'retry-original-timestamp',
  /** ISO time of the first failure, kept through every tier for the dead letter. */
  firstFailure: 'retry-first-failure',
  lastErrorClass: 'retry-last-error-class',
  lastErrorMessage: 'retry-last-error-message',
} as const;

/** Where a record really came from and how far it has got through the tiers. */
export interface RetryState {
  originalTopic: string;
  originalPartition: number;
  originalOffset: string;
  originalTimestamp: string;
  /** 1 on the main topic, n + 1 on `<topic>.retry.<n>`. */
  attempt: number;
  /** Epoch milliseconds; 0 on the main topic. */
  notBefore: number;
  /** Undefined until the record has failed once. */
  firstFailureAt?: Date;
}

function header(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const single = Array.isArray(value) ? value[0] : value;
  return single === undefined ? undefined : single.toString();
}

/**
 * The retry state of a consumed record: from its headers on a retry tier, from the record itself on the
 * main topic (or on a retry tier whose headers were stripped, so it is still retried, not lost).
 */
export function readRetryState(
  consumed: { topic: string; partition: number; message: KafkaMessage },
  tier: number,
): RetryState {
  const { headers } = consumed.message;
  const firstFailure = header(headers, RETRY_HEADERS.firstFailure);
  const attempt = Number(header(headers, RETRY_HEADERS.attempt));
  const notBefore = Number(header(headers, RETRY_HEADERS.notBefore));
  const partition = Number(header(headers, RETRY_HEADERS.originalPartition));
  return {
    originalTopic: header(headers, RETRY_HEADERS.originalTopic) ?? consumed.topic,
    originalPartition: Number.isInteger(partition) ? partition : consumed.partition,
    originalOffset: header(headers, RETRY_HEADERS.originalOffset) ?? consumed.message.offset,
    originalTimestamp: header(headers, RETRY_HEADERS.originalTimestamp) ?? consumed.message.timestamp,
    attempt: tier > 0 && Number.isInteger(attempt) && attempt > 0 ? attempt : tier + 1,
    notBefore: tier > 0 && Number.isFinite(notBefore) ? notBefore : 0,
    ...(firstFailure ? { firstFailureAt: new Date(firstFailure) } : {}),
  };
}

/** The copy of a failed record for the next retry tier, due at `notBefore`. */
export function retryMessage(
  message: KafkaMessage,
  state: RetryState,
  error: Error,
  notBefore: number,
  firstFailureAt: Date,
): Message {
  return {
    key: message.key,
    value: message.value,
    headers: {
      ...(message.headers ?? {}),
      [RETRY_HEADERS.notBefore]: String(notBefore),
      [RETRY_HEADERS.attempt]: String(state.attempt + 1),
      [RETRY_HEADERS.originalTopic]: state.originalTopic,
      [RETRY_HEADERS.originalPartition]: String(state.originalPartition),
      [RETRY_HEADERS.originalOffset]: state.originalOffset,
      [RETRY_HEADERS.originalTimestamp]: state.originalTimestamp,
      [RETRY_HEADERS.firstFailure]: firstFailureAt.toISOString(),
      [RETRY_HEADERS.lastErrorClass]: error.name,
      [RETRY_HEADERS.lastErrorMessage]: error.message.slice(0, 1_000),
    },
  };
}

/**
 * The record without its retry bookkeeping, for the dead-letter copy: `dlq-*` headers say the same
 * thing for good, and a re-driven record must not look as if it were still waiting on a tier.
 */
export function withoutRetryHeaders(message: KafkaMessage): KafkaMessage {
  if (!message.headers) return message;
  const retryNames = new Set<string>(Object.values(RETRY_HEADERS));
  const headers: IHeaders = {};
  for (const [name, value] of Object.entries(message.headers))
    if (!retryNames.has(name)) headers[name] = value;
  return { ...message, headers };
}
