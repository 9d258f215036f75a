import type { Message, PartitionerArgs, PartitionMetadata, RecordMetadata } from 'kafkajs';
import { PartitionerError } from '../../partitioner/PartitionerError.js';
import { murmur2Partitioner } from '../../partitioner/murmur2Partitioner.js';
import type { BatchingProducerOptions, BatchingSettings } from './BatchingProducerOptions.js';
import { parseBatchingOptions } from './BatchingProducerOptions.js';
import { BatchSendError } from './BatchSendError.js';
import { BufferExhaustedError } from './BufferExhaustedError.js';
import { BufferMemory } from './BufferMemory.js';
import { FlushError } from './FlushError.js';
import type { BatchedRecordMetadata, PartitionBatch } from './PartitionBatch.js';
import { PartitionQueue } from './PartitionQueue.js';
import { ProducerClosedError } from './ProducerClosedError.js';
import { RecordTooLargeError } from './RecordTooLargeError.js';
import { recordSizeUpperBound } from './recordSize.js';
import type { FetchPartitionMetadata } from './TopicMetadataCache.js';
import { TopicMetadataCache } from './TopicMetadataCache.js';
import { TopicMetadataError } from './TopicMetadataError.js';

/** Sends one partition's batch in one produce request and returns the broker's answer for it. */
export type PartitionBatchSender = (batch: {
  topic: string;
  partition: number;
  messages: Message[];
}) => Promise<RecordMetadata[]>;

/** What the buffer needs from a client; `createBatchingProducer` wires kafkajs into it. */
export interface BatchingProducerDeps {
  sendBatch: PartitionBatchSender;
  fetchPartitionMetadata: FetchPartitionMetadata;
  connect: () => Promise<void>;
  disconnect: () => Promise<void>;
}

/** An append that had to wait; the wrapper keeps its acknowledgement from being awaited in the queue. */
interface Appended {
  acknowledged: Promise<BatchedRecordMetadata>;
}

/**
 * A producer that groups records per topic-partition, in the spirit of the Java client's
 * RecordAccumulator, because kafkajs sends exactly what it is handed: one `send()` per record would
 * be one produce request per record.
 *
 * A record is placed on its partition when it is sent, joins that partition's open batch, and the
 * batch leaves when it reaches `batchSize`, when `lingerMs` has passed since its first record, or at
 * once on flush, close or a full buffer. The promise `send()` returns settles with the batch.
 *
 * At most one batch per partition is in flight. Idempotence alone does not make more safe on
 * kafkajs: it gives a request its sequence numbers when it builds it and hands them back if the
 * request fails, so a second batch of the same partition sent while the first waits for its retry
 * takes the first one's numbers, and the broker then either writes it ahead of the first (order
 * lost) or, if the first did land, takes it for a duplicate of the first (records lost). Java can
 * afford five in flight because it re-sequences its in-flight batches on retry. Batches of different
 * partitions do go concurrently, each in a request of its own: kafkajs fails a request as a whole
 * when one partition in it fails, and rejecting records of other partitions that were in fact written
 * would invite duplicates. A failure rejects exactly the records of the batch that failed.
 *
 * A failed batch does not stop its partition: the next batch still goes, so a caller that must not
 * write record n + 1 without record n stops sending when a send rejects.
 *
 * Memory is bounded: `bufferMemory` bytes (upper-bound record sizes) may be buffered or in flight,
 * beyond that `send()` waits, in call order, up to `maxBlockMs` and then rejects with
 * BufferExhaustedError. Records are appended in the order `send()` was called, whatever each waits for.
 */
export class BatchingProducer {
  private readonly settings: BatchingSettings;
  private readonly memory: BufferMemory;
  private readonly metadata: TopicMetadataCache;
  private readonly placeRecord: (args: PartitionerArgs) => number;
  private readonly queues = new Map<string, PartitionQueue>();
  /** Appends that could not happen at once, chained so that they happen in call order. */
  private appendTail: Promise<void> = Promise.resolve();
  private waitingAppends = 0;
  private activeFlushes = 0;
  private closed = false;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly deps: BatchingProducerDeps,
    options: BatchingProducerOptions = {},
  ) {
    this.settings = parseBatchingOptions(options);
    this.memory = new BufferMemory(this.settings.bufferMemory);
    this.metadata = new TopicMetadataCache(deps.fetchPartitionMetadata, this.settings.metadataMaxAgeMs);
    const partitioner =
      this.settings.partitioner ?? murmur2Partitioner({ stickyBytes: this.settings.batchSize });
    this.placeRecord = partitioner();
  }

  /** Bytes of records buffered or in flight now; never more than `bufferMemory`. */
  get bufferedBytes(): number {
    return this.memory.usedBytes;
  }

  /** Connects at once; otherwise the first send connects. */
  connect(): Promise<void> {
    return this.deps.connect();
  }

  /**
   * Buffers `message` for `topic` and resolves with where it was written once its batch is
   * acknowledged. Rejects with BatchSendError if the batch fails, BufferExhaustedError or
   * TopicMetadataError if it could not be buffered within `maxBlockMs`, ProducerClosedError after close.
   */
  send(topic: string, message: Message): Promise<BatchedRecordMetadata> {
    if (this.closed) return Promise.reject(new ProducerClosedError(topic));
    if (typeof topic !== 'string' || topic.length === 0)
      return Promise.reject(new TypeError(`send: topic must be a non-empty string, got ${String(topic)}`));
    const sizeBytes = recordSizeUpperBound(message);
    if (sizeBytes > this.settings.bufferMemory)
      return Promise.reject(new RecordTooLargeError(topic, sizeBytes, this.settings.bufferMemory));
    // Stamped now, as the Java client does, not when the batch happens to leave.
    const stamped = message.timestamp === undefined ? { ...message, timestamp: String(Date.now()) } : message;

    if (this.waitingAppends === 0) {
      const partitions = this.metadata.cached(topic, Date.now());
      if (partitions && this.memory.tryReserve(sizeBytes)) {
        try {
          return this.append(topic, this.partitionOf(topic, stamped, partitions), stamped, sizeBytes);
        } catch (error) {
          this.memory.release(sizeBytes);
          return Promise.reject(error);
        }
      }
    }
    return this.appendInOrder(topic, stamped, sizeBytes);
  }

  /**
   * Sends every buffered record now and resolves when all records appended before the call (including
   * sends still waiting for room) are acknowledged; rejects with FlushError if any of their batches
   * failed.
   */
  async flush(): Promise<void> {
    // Sends still waiting for metadata or room join their batches first, so that they are not sent
    // one by one; batches they wait on leave anyway, since a wait for room sends everything.
    await this.appendTail;
    this.activeFlushes += 1;
    try {
      const incomplete = [...this.queues.values()].flatMap((queue) => queue.incomplete());
      this.drainAll();
      const failures = (await Promise.all(incomplete.map((batch) => batch.settled))).filter(
        (failure): failure is BatchSendError => failure !== undefined,
      );
      if (failures.length > 0) throw new FlushError(failures);
    } finally {
      this.activeFlushes -= 1;
    }
  }

  /**
   * Refuses new sends, flushes what is buffered and disconnects; rejects with FlushError (after
   * disconnecting) if records were lost. Calling it again returns the same promise.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.closed = true;
      try {
        await this.flush();
      } finally {
        await this.deps.disconnect();
      }
    })();
    return this.closing;
  }

  private appendInOrder(topic: string, message: Message, sizeBytes: number): Promise<BatchedRecordMetadata> {
    this.waitingAppends += 1;
    const deadline = Date.now() + this.settings.maxBlockMs;
    const appended = this.appendTail.then(() => this.appendWhenPossible(topic, message, sizeBytes, deadline));
    this.appendTail = appended.then(
      () => undefined,
      () => undefined,
    );
    return appended.finally(() => (this.waitingAppends -= 1)).then((result) => result.acknowledged);
  }

  private async appendWhenPossible(
    topic: string,
    message: Message,
    sizeBytes: number,
    deadline: number,
  ): Promise<Appended> {
    const partitions = await this.partitionsBefore(topic, deadline);
    const partition = this.partitionOf(topic, message, partitions);
    const reservation = this.memory.reserve(sizeBytes, deadline - Date.now());
    // Waiting for room while batches linger would waste the wait: Java sends everything then too.
    if (this.memory.hasWaiters) this.drainAll();
    if (!(await reservation))
      throw new BufferExhaustedError(topic, sizeBytes, this.settings.bufferMemory, this.settings.maxBlockMs);
    return { acknowledged: this.append(topic, partition, message, sizeBytes) };
  }

  private async partitionsBefore(topic: string, deadline: number): Promise<PartitionMetadata[]> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new TopicMetadataError(topic, `not known after maxBlockMs (${this.settings.maxBlockMs} ms)`),
          ),
        Math.max(0, deadline - Date.now()),
      );
    });
    try {
      const partitions = await Promise.race([
        this.metadata.load(topic).catch((error: unknown) => {
          throw new TopicMetadataError(topic, error instanceof Error ? error.message : String(error), error);
        }),
        timeout,
      ]);
      if (partitions.length === 0) throw new TopicMetadataError(topic, 'the cluster reports no partitions');
      return partitions;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The explicit partition or the partitioner's choice, checked against the topic's partition count. */
  private partitionOf(topic: string, message: Message, partitions: PartitionMetadata[]): number {
    const explicit = message.partition ?? undefined;
    const partition = explicit ?? this.placeRecord({ topic, partitionMetadata: partitions, message });
    if (!Number.isInteger(partition) || partition < 0 || partition >= partitions.length) {
      throw new PartitionerError(
        `${explicit === undefined ? 'the partitioner chose' : 'the message names'} partition ${partition} ` +
          `of topic ${topic}, which has ${partitions.length} partitions`,
        { topic, code: 'PARTITION_OUT_OF_RANGE' },
      );
    }
    return partition;
  }

  /** Adds a placed record whose memory is reserved to its partition's open batch. */
  private append(
    topic: string,
    partition: number,
    message: Message,
    sizeBytes: number,
  ): Promise<BatchedRecordMetadata> {
    const key = `${partition}:${topic}`;
    let queue = this.queues.get(key);
    if (!queue) {
      queue = new PartitionQueue(topic, partition);
      this.queues.set(key, queue);
    }
    const acknowledged = queue.append(
      { ...message, partition },
      sizeBytes,
      this.settings.batchSize,
      Date.now(),
    );
    this.drain(queue);
    return acknowledged;
  }

  private drainAll(): void {
    for (const queue of this.queues.values()) this.drain(queue);
  }

  /** Sends the partition's head batch if it is ready, or waits for its linger to end. */
  private drain(queue: PartitionQueue): void {
    const now = Date.now();
    const batch = queue.takeReady(
      {
        batchSize: this.settings.batchSize,
        lingerMs: this.settings.lingerMs,
        sendNow: this.activeFlushes > 0 || this.memory.hasWaiters,
      },
      now,
    );
    if (batch) void this.sendBatch(queue, batch);
    else if (!queue.inFlight) queue.armLinger(this.settings.lingerMs, now, () => this.drain(queue));
  }

  private async sendBatch(queue: PartitionQueue, batch: PartitionBatch): Promise<void> {
    const { topic, partition } = batch;
    const startedAt = Date.now();
    let failure: BatchSendError | undefined;
    try {
      const responses = await this.deps.sendBatch({ topic, partition, messages: batch.messages() });
      const response = responses.find((entry) => entry.topicName === topic && entry.partition === partition);
      batch.complete(response?.baseOffset ?? response?.offset ?? '-1', response?.logAppendTime);
    } catch (error) {
      this.metadata.invalidate(topic);
      failure = new BatchSendError(topic, partition, batch.recordCount, error);
      batch.fail(failure);
    }
    queue.sent();
    this.memory.release(batch.reservedBytes);
    this.report(batch, Date.now() - startedAt, failure);
    this.drain(queue);
  }

  private report(batch: PartitionBatch, durationMs: number, error: BatchSendError | undefined): void {
    const hook = this.settings.onBatchCompleted;
    if (!hook) return;
    try {
      hook({
        topic: batch.topic,
        partition: batch.partition,
        recordCount: batch.recordCount,
        sizeBytes: batch.sizeBytes,
        durationMs,
        ...(error ? { error } : {}),
      });
    } catch {
      // A metrics hook must not turn a delivered batch into a failure or stall the partition.
    }
  }
}
