import type { KafkaMessage } from 'kafkajs';

/** One record handed to a `runConsumer` handler. */
export interface ConsumerRecord {
  topic: string;
  partition: number;
  /** kafkajs' message: key, value, headers, offset and timestamp. */
  message: KafkaMessage;
  /** 1 on the first run; n + 1 after `onError` asked for n retries. */
  attempt: number;
}

/** Handles one record; a rejection goes to the runner's error policy. */
export type RecordHandler = (record: ConsumerRecord) => Promise<void>;

/**
 * What happens to a record whose handler failed:
 * - `retry`: run it again after the retry backoff; later records with its key wait, other keys go on;
 * - `skip`: count it as done, so the committed offset may pass it (the policy has taken care of it,
 *   for example by writing it to a dead-letter topic);
 * - `stop`: stop the runner; the record is never committed, so a restart delivers it again.
 */
export type RecordErrorAction = 'retry' | 'skip' | 'stop';

/**
 * Decides what a handler failure means. Throwing from it stops the runner with the thrown error, as
 * `stop` does with the handler's.
 */
export type RecordErrorPolicy = (
  error: unknown,
  record: ConsumerRecord,
) => RecordErrorAction | Promise<RecordErrorAction>;
