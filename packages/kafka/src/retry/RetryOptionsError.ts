import { KafkaError } from '../errors.js';

/** `runWithRetries` was given options it cannot run with; fixing the call is the only remedy. */
export class RetryOptionsError extends KafkaError {
  constructor(message: string) {
    super(message, { code: 'RETRY_OPTIONS_INVALID', retriable: false });
  }
}
