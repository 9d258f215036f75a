import { KafkaError } from '../errors.js';

/**
 * A partitioner could not place a message, or was built with bad options. It names the topic because
 * kafkajs surfaces it from deep inside `producer.send()`, where the caller otherwise cannot tell which
 * topic's mapping is broken. A bad mapping is a programming error, so it is never retriable: sending
 * again gives the same answer.
 */
export class PartitionerError extends KafkaError {
  constructor(message: string, options: { topic?: string; code?: string; cause?: unknown } = {}) {
    super(message, {
      code: options.code ?? 'PARTITIONER_INVALID_PARTITION',
      retriable: false,
      cause: options.cause,
      context: options.topic === undefined ? {} : { topic: options.topic },
    });
  }
}
