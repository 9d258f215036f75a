import { KafkaError } from '../errors.js';

/** Listing or re-driving dead letters was asked with options that cannot work; only fixing them helps. */
export class DeadLetterOptionsError extends KafkaError {
  constructor(message: string) {
    super(message, { code: 'DLQ_OPTIONS_INVALID', retriable: false });
  }
}
