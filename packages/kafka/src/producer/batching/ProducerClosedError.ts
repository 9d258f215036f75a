import { KafkaError } from '../../errors.js';

/** `send()` after `close()`: nothing would ever flush the record, so it is refused. */
export class ProducerClosedError extends KafkaError {
  constructor(topic: string) {
    super(`cannot send to ${topic}: the batching producer is closed`, {
      code: 'PRODUCER_CLOSED',
      retriable: false,
      context: { topic },
    });
  }
}
