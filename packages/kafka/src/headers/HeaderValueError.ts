import { KafkaError } from '../errors.js';

/**
 * A value given to `withHeaders` cannot be written as its header (a malformed trace id, a negative
 * schema id). Writing is strict so that bad headers are caught where they are made; reading is
 * lenient, because consumed records come from producers we do not control.
 */
export class HeaderValueError extends KafkaError {
  constructor(
    readonly header: string,
    message: string,
  ) {
    super(`header ${header}: ${message}`, { code: 'HEADER_VALUE_INVALID', retriable: false });
  }
}
