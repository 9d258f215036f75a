import type { KafkaMessage } from 'kafkajs';
import { KeyedTaskQueue } from './KeyedTaskQueue.js';
import { OffsetTracker } from './OffsetTracker.js';

/** A record accepted from kafkajs and waiting, running or waiting to be retried. */
export interface AcceptedRecord {
  offset: number;
  message: KafkaMessage;
  attempt: number;
}

/**
 * How one partition's records flow through a runner, as `ConsumerRunner.inFlight()` reports it.
 */
export interface PartitionFlow {
  topic: string;
  partition: number;
  /** Accepted and not finished: waiting for their key, running, or waiting to be retried. */
  inFlight: number;
  /** Handlers running now. */
  running: number;
  /** Accepted records at or above the commit watermark, finished or not. */
  uncommitted: number;
  /** Fetching is paused because the partition is full. */
  paused: boolean;
  /** The last offset this runner committed for the partition (the next one to read). */
  committedOffset: string | undefined;
}

/**
 * The runner's state of one assigned partition: records per key, the commit watermark and the
 * counts that decide backpressure. Dropped, never reused, when the partition is revoked, so that
 * late completions of the old assignment cannot touch a new one.
 */
export class PartitionState {
  /** Records by key; null keys share one queue, so they run in offset order. */
  readonly queue = new KeyedTaskQueue<string | null, AcceptedRecord>();
  readonly tracker = new OffsetTracker();
  inFlight = 0;
  running = 0;
  paused = false;
  revoked = false;
  committedOffset: number | undefined;

  constructor(
    readonly topic: string,
    readonly partition: number,
  ) {}

  snapshot(): PartitionFlow {
    return {
      topic: this.topic,
      partition: this.partition,
      inFlight: this.inFlight,
      running: this.running,
      uncommitted: this.tracker.uncommitted,
      paused: this.paused,
      committedOffset: this.committedOffset === undefined ? undefined : String(this.committedOffset),
    };
  }
}
