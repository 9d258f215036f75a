import { KafkaError } from '../../errors.js';

/**
 * The partitions of a topic could not be learnt in time, so a record could not be placed: the topic
 * may not exist (the batching producer does not create topics) or the cluster is unreachable.
 */
export class TopicMetadataError extends KafkaError {
  constructor(topic: string, reason: string, cause?: unknown) {
    super(`no partition metadata for topic ${topic}: ${reason}`, {
      code: 'TOPIC_METADATA_UNAVAILABLE',
      retriable: true,
      cause,
      context: { topic },
    });
  }
}
