import { KafkaError } from '../../errors.js';

/** The batching producer was given options it cannot run with; fixing the call is the only remedy. */
export class BatchingOptionsError extends KafkaError {
  constructor(message: string) {
    super(message, { code: 'BATCHING_OPTIONS_INVALID', retriable: false });
  }
}
