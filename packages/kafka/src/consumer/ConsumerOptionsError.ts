import { KafkaError } from '../errors.js';

/** `runConsumer` was given options it cannot run with; fixing the call is the only remedy. */
export class ConsumerOptionsError extends KafkaError {
  constructor(message: string) {
    super(message, { code: 'CONSUMER_OPTIONS_INVALID', retriable: false });
  }
}
