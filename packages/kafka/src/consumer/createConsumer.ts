import type { Consumer, Kafka } from 'kafkajs';
import type { KafkaLogSink } from '../client/createKafkaClient.js';

export interface ConsumerOptions {
  groupId: string;
  /** Where a crash of the consumer loop is reported. */
  logger?: Pick<KafkaLogSink, 'error'>;
  /**
   * Longest a fetch waits for data (kafkajs: 5 s). A paused partition that is resumed rejoins only
   * when the fetch in flight returns, so timers shorter than this need a shorter wait.
   */
  maxWaitTimeInMs?: number;
  /**
   * How long the group waits for a member that stopped heartbeating (kafkajs: 30 s) before giving its
   * partitions to others: after a crash, that long passes before they are processed again.
   */
  sessionTimeoutMs?: number;
}

/** A group consumer and whether it can serve, for `/ready`. */
export interface TrackedConsumer {
  consumer: Consumer;
  /** True from joining the group until the consumer loop crashes or stops. */
  isReady: () => boolean;
}

/**
 * A consumer that reads only committed transactional records (read_committed), so aborted outputs of a
 * crashed upstream producer are never seen.
 */
export function createConsumer(kafka: Kafka, options: ConsumerOptions): TrackedConsumer {
  const consumer = kafka.consumer({
    groupId: options.groupId,
    readUncommitted: false,
    ...(options.maxWaitTimeInMs === undefined ? {} : { maxWaitTimeInMs: options.maxWaitTimeInMs }),
    ...(options.sessionTimeoutMs === undefined ? {} : { sessionTimeout: options.sessionTimeoutMs }),
  });
  let ready = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (ready = true));
  consumer.on(consumer.events.STOP, () => (ready = false));
  consumer.on(consumer.events.CRASH, (event) => {
    ready = false;
    options.logger?.error({ err: event.payload.error, restart: event.payload.restart }, 'consumer crashed');
  });
  return { consumer, isReady: () => ready };
}
