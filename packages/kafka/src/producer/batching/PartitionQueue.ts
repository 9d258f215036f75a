import type { Message } from 'kafkajs';
import type { BatchedRecordMetadata } from './PartitionBatch.js';
import { PartitionBatch } from './PartitionBatch.js';

/** When a partition's head batch may leave, from the producer's settings and state. */
export interface ReadinessPolicy {
  batchSize: number;
  lingerMs: number;
  /** Send whatever is buffered without waiting for the linger: flush, close, or a full buffer. */
  sendNow: boolean;
}

/**
 * The batches of one topic-partition, oldest first, and the one being sent. Only the newest batch
 * takes records; batches leave in order and one at a time (see BatchingProducer for why).
 */
export class PartitionQueue {
  private readonly batches: PartitionBatch[] = [];
  private sending: PartitionBatch | undefined;
  private lingerTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly topic: string,
    readonly partition: number,
  ) {}

  get inFlight(): boolean {
    return this.sending !== undefined;
  }

  /** Queued and in-flight batches: what a flush starting now has to wait for. */
  incomplete(): PartitionBatch[] {
    return this.sending ? [this.sending, ...this.batches] : [...this.batches];
  }

  append(
    message: Message,
    sizeBytes: number,
    batchSize: number,
    now: number,
  ): Promise<BatchedRecordMetadata> {
    let open = this.batches.at(-1);
    if (!open || !open.hasRoomFor(sizeBytes, batchSize)) {
      open = new PartitionBatch(this.topic, this.partition, now);
      this.batches.push(open);
    }
    return open.append(message, sizeBytes);
  }

  /**
   * The head batch, marked in flight, if it may be sent now: nothing of this partition is in flight and
   * the head is full, has a successor (so it can no longer grow), has lingered long enough, or must go now.
   */
  takeReady(policy: ReadinessPolicy, now: number): PartitionBatch | undefined {
    const head = this.batches[0];
    if (this.sending || !head) return undefined;
    const ready =
      policy.sendNow ||
      this.batches.length > 1 ||
      head.isFull(policy.batchSize) ||
      now - head.createdAt >= policy.lingerMs;
    if (!ready) return undefined;
    this.batches.shift();
    this.sending = head;
    this.cancelLinger();
    return head;
  }

  /** The batch taken by `takeReady` is settled; the next one may go. */
  sent(): void {
    this.sending = undefined;
  }

  /**
   * Calls `onLingerEnd` when the head batch has lingered `lingerMs`, unless a timer is already set.
   * A timer always belongs to the current head: `takeReady` cancels it when the head leaves.
   */
  armLinger(lingerMs: number, now: number, onLingerEnd: () => void): void {
    const head = this.batches[0];
    if (!head || this.lingerTimer) return;
    // At least 1 ms, so that a clock read a little early re-arms instead of spinning.
    const delay = Math.max(1, head.createdAt + lingerMs - now);
    this.lingerTimer = setTimeout(() => {
      this.lingerTimer = undefined;
      onLingerEnd();
    }, delay);
  }

  private cancelLinger(): void {
    clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
  }
}
