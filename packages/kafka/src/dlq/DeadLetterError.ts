import { KafkaError } from '../errors.js';
import type { KafkaErrorContext } from '../errors.js';

/** Why reading or re-driving dead letters failed; bounded, so it can label a metric. */
export type DeadLetterErrorCode =
  /** The DLQ topic does not exist. */
  | 'DLQ_TOPIC_MISSING'
  /** Reading stopped making progress before the end offsets captured at its start. */
  | 'DLQ_READ_STALLED'
  /** An explicitly chosen offset holds no dead letter (out of range, a marker, or filtered out). */
  | 'DLQ_OFFSET_NOT_FOUND'
  /** A dead letter's origin topic or partition does not exist, so it has nowhere to go back to. */
  | 'DLQ_ORIGIN_MISSING'
  /** Sending re-driven records failed part-way; the transactions committed before stay committed. */
  | 'DLQ_REDRIVE_FAILED';

/** Listing or re-driving dead letters failed on the cluster's side. */
export class DeadLetterError extends KafkaError {
  // Narrows the base's code; `declare` so that no class field overwrites what the base constructor set.
  declare readonly code: DeadLetterErrorCode;

  constructor(
    message: string,
    options: { code: DeadLetterErrorCode; retriable?: boolean; cause?: unknown; context?: KafkaErrorContext },
  ) {
    super(message, { ...options, retriable: options.retriable ?? false });
  }
}
