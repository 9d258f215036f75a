import type { Message } from 'kafkajs';
import type { BatchSendError } from './BatchSendError.js';
import { RECORD_BATCH_OVERHEAD_BYTES } from './recordSize.js';

/** Where an acknowledged record was written, like the Java client's RecordMetadata. */
export interface BatchedRecordMetadata {
  topic: string;
  partition: number;
  offset: string;
  /** The broker's append time on LogAppendTime topics, otherwise the record's own timestamp. */
  timestamp: string;
}

interface BufferedRecord {
  message: Message;
  sizeBytes: number;
  resolve: (metadata: BatchedRecordMetadata) => void;
  reject: (error: BatchSendError) => void;
}

/**
 * The records of one topic-partition that travel in one produce request, hence in one record batch
 * on the broker, and succeed or fail together.
 */
export class PartitionBatch {
  private readonly records: BufferedRecord[] = [];
  private bytes = RECORD_BATCH_OVERHEAD_BYTES;
  private recordBytes = 0;
  private settle!: (failure: BatchSendError | undefined) => void;
  /** Resolves once the batch is acknowledged (undefined) or has failed (its error); never rejects. */
  readonly settled = new Promise<BatchSendError | undefined>((resolve) => (this.settle = resolve));

  constructor(
    readonly topic: string,
    readonly partition: number,
    /** Epoch ms of its first record, from which `lingerMs` is counted. */
    readonly createdAt: number,
  ) {}

  get recordCount(): number {
    return this.records.length;
  }

  /** Upper bound of the batch's size on the wire, overhead included. */
  get sizeBytes(): number {
    return this.bytes;
  }

  /** What its records reserved in the buffer memory, to give back when the batch is done. */
  get reservedBytes(): number {
    return this.recordBytes;
  }

  /** Whether a record of `sizeBytes` may join; a record bigger than `batchSize` gets a batch to itself. */
  hasRoomFor(sizeBytes: number, batchSize: number): boolean {
    return this.records.length === 0 || this.bytes + sizeBytes <= batchSize;
  }

  isFull(batchSize: number): boolean {
    return this.bytes >= batchSize;
  }

  /** Adds a record (already placed on this partition); the promise settles with the batch. */
  append(message: Message, sizeBytes: number): Promise<BatchedRecordMetadata> {
    return new Promise((resolve, reject) => {
      this.records.push({ message, sizeBytes, resolve, reject });
      this.bytes += sizeBytes;
      this.recordBytes += sizeBytes;
    });
  }

  /** The records as kafkajs sends them, in append order. */
  messages(): Message[] {
    return this.records.map((record) => record.message);
  }

  /** Record i of the batch was written at baseOffset + i: a batch is appended to the log as a whole. */
  complete(baseOffset: string, logAppendTime: string | undefined): void {
    const base = BigInt(baseOffset);
    const appendTime = logAppendTime !== undefined && logAppendTime !== '-1' ? logAppendTime : undefined;
    this.records.forEach((record, index) =>
      record.resolve({
        topic: this.topic,
        partition: this.partition,
        offset: base < 0n ? '-1' : (base + BigInt(index)).toString(),
        timestamp: appendTime ?? record.message.timestamp ?? '-1',
      }),
    );
    this.settle(undefined);
  }

  fail(error: BatchSendError): void {
    for (const record of this.records) record.reject(error);
    this.settle(error);
  }
}
