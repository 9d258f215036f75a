import { deadLetterTopicName } from '../catalogue/TopicCatalogue.js';

const DEAD_LETTER_SUFFIX = deadLetterTopicName('');

/** The DLQ topic for `topic`, which may name the DLQ itself or the topic whose dead letters it holds. */
export function deadLetterTopicFor(topic: string): string {
  return topic.endsWith(DEAD_LETTER_SUFFIX) ? topic : deadLetterTopicName(topic);
}
