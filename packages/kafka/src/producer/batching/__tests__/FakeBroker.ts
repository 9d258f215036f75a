import type { Message, PartitionMetadata, RecordMetadata } from 'kafkajs';
import type { BatchingProducerDeps } from '../BatchingProducer.js';

/** A produce request the fake broker has received and not yet answered. */
export interface PendingRequest {
  topic: string;
  partition: number;
  messages: Message[];
  ack(): void;
  fail(error: Error): void;
}

/**
 * An in-process stand-in for the cluster, for unit tests of the buffer logic only: it records every
 * produce request, answers when told (or at once with `autoAck`), appends acknowledged batches to a
 * per-partition log, and tracks how many requests per partition were open at the same time.
 */
export class FakeBroker {
  readonly requests: PendingRequest[] = [];
  readonly open: PendingRequest[] = [];
  /** Acknowledged record values per `topic[partition]`, in log order. */
  readonly logs = new Map<string, string[]>();
  maxOpenPerPartition = 0;
  maxOpen = 0;
  metadataFetches = 0;
  connected = false;
  disconnected = false;
  autoAck = false;
  /** Metadata answers; a topic absent here fails like an unknown topic. */
  readonly topics = new Map<string, number>();
  metadataDelay: Promise<void> = Promise.resolve();

  constructor(topics: Record<string, number> = {}) {
    for (const [topic, partitions] of Object.entries(topics)) this.topics.set(topic, partitions);
  }

  deps(): BatchingProducerDeps {
    return {
      sendBatch: (batch) => this.receive(batch),
      fetchPartitionMetadata: async (topic) => {
        this.metadataFetches += 1;
        await this.metadataDelay;
        const count = this.topics.get(topic);
        if (count === undefined) throw new Error(`This server does not host this topic-partition: ${topic}`);
        return partitionMetadata(count);
      },
      connect: async () => void (this.connected = true),
      disconnect: async () => void (this.disconnected = true),
    };
  }

  /** Answers the oldest open request. */
  ackNext(): void {
    const next = this.open[0];
    if (!next) throw new Error('no open request to acknowledge');
    next.ack();
  }

  ackAll(): void {
    while (this.open.length > 0) this.ackNext();
  }

  log(topic: string, partition: number): string[] {
    return this.logs.get(`${topic}[${partition}]`) ?? [];
  }

  private receive(batch: {
    topic: string;
    partition: number;
    messages: Message[];
  }): Promise<RecordMetadata[]> {
    const { topic, partition, messages } = batch;
    return new Promise<RecordMetadata[]>((resolve, reject) => {
      const request: PendingRequest = {
        topic,
        partition,
        messages,
        ack: () => {
          this.close(request);
          const log = this.logs.get(`${topic}[${partition}]`) ?? [];
          const baseOffset = log.length;
          log.push(...messages.map((message) => String(message.value)));
          this.logs.set(`${topic}[${partition}]`, log);
          resolve([{ topicName: topic, partition, errorCode: 0, baseOffset: String(baseOffset) }]);
        },
        fail: (error) => {
          this.close(request);
          reject(error);
        },
      };
      this.requests.push(request);
      this.open.push(request);
      const samePartition = this.open.filter((r) => r.topic === topic && r.partition === partition).length;
      this.maxOpenPerPartition = Math.max(this.maxOpenPerPartition, samePartition);
      this.maxOpen = Math.max(this.maxOpen, this.open.length);
      // Not queueMicrotask: jest's fake timers hold it back until the clock moves.
      if (this.autoAck) void Promise.resolve().then(() => request.ack());
    });
  }

  private close(request: PendingRequest): void {
    const index = this.open.indexOf(request);
    if (index < 0) throw new Error('request answered twice');
    this.open.splice(index, 1);
  }
}

export function partitionMetadata(count: number): PartitionMetadata[] {
  return Array.from({ length: count }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: 1,
    replicas: [1],
    isr: [1],
  }));
}
