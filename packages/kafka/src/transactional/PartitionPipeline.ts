import type { Admin, Batch, Kafka, Producer, RecordMetadata, Transaction } from 'kafkajs';
import type { KafkaLogSink } from '../client/createKafkaClient.js';
import { createProducer } from '../producer/createProducer.js';
import { isProducerFenced } from './isProducerFenced.js';
import { TransactionalBatchError } from './TransactionalBatchError.js';
import type { TransactionalHandler, TransactionalOutput } from './TransactionalHandler.js';
import type { TransactionalCommit, TransactionalTickHandler } from './TransactionalSession.js';

export type TransactionalLogger = Pick<KafkaLogSink, 'error' | 'warn' | 'info'>;

export interface PartitionPipelineDeps {
  kafka: Kafka;
  admin: Admin;
  groupId: string;
  transactionalId: string;
  handler: TransactionalHandler;
  logger?: TransactionalLogger;
  /** A new session number, for each producer the pipeline creates (see TransactionalSession). */
  nextSession: () => number;
  /** Told of each committed transaction before the partition's next batch or tick runs. */
  onCommitted?: (commit: TransactionalCommit) => void | Promise<void>;
}

/** What kafkajs' eachBatch offers that a pipeline needs, so that it does not depend on the runner. */
export interface BatchControl {
  resolveOffset: (offset: string) => void;
  /** Stops kafkajs fetching this partition (used once fenced). */
  pause: () => void;
  heartbeat: () => Promise<void>;
}

/**
 * The transactional processing of one input partition: its own transactional producer (a fixed
 * transactional id per partition is what lets the broker fence a zombie owner, see
 * transactionalIdFor), one transaction per batch holding both the outputs and the consumed offsets.
 *
 * Batches are run one after the other even if kafkajs hands over a second one while the first still
 * runs, which happens when a failure on another partition restarts its fetchers: kafkajs allows one
 * open transaction per producer, and the second batch would re-read records the first is committing.
 */
export class PartitionPipeline {
  private producer: Producer | undefined;
  /** The first offset not yet committed, as far as this pipeline knows; records below it are skipped. */
  private nextOffset: bigint | undefined;
  /** Whether nextOffset has been read from the group since the producer was created. */
  private offsetKnown = false;
  private tail: Promise<void> = Promise.resolve();
  private fenced = false;
  private closed = false;
  /** The session of the current producer; 0 before the first. */
  private session = 0;
  private tickQueued = false;

  constructor(
    readonly topic: string,
    readonly partition: number,
    private readonly deps: PartitionPipelineDeps,
  ) {}

  isFenced(): boolean {
    return this.fenced;
  }

  /** Processes a batch after every batch handed over before it. Rejects if the batch was aborted. */
  process(batch: Batch, control: BatchControl): Promise<void> {
    const run = this.tail.then(() => this.processNow(batch, control));
    this.tail = run.catch(() => undefined);
    return run;
  }

  /**
   * Runs `handler` after the queued batches, inside the current producer's session, unless the
   * pipeline has no session that processed a batch yet, or a tick is already queued. Never rejects.
   */
  tick(handler: TransactionalTickHandler): Promise<void> {
    if (this.tickQueued) return this.tail;
    this.tickQueued = true;
    const run = this.tail.then(() => {
      this.tickQueued = false;
      return this.tickNow(handler);
    });
    this.tail = run.catch(() => undefined);
    return this.tail;
  }

  /** Lets the running batch finish, then disconnects the producer; later batches are ignored. */
  close(): Promise<void> {
    const run = this.tail.then(async () => {
      this.closed = true;
      await this.dropProducer();
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** The session of the producer the pipeline has or had last; 0 before its first. */
  currentSession(): number {
    return this.session;
  }

  private async processNow(batch: Batch, control: BatchControl): Promise<void> {
    if (this.closed) return;
    // Fenced by a tick, which cannot pause the partition: pause it now.
    if (this.fenced) return control.pause();
    const context = {
      topic: this.topic,
      partition: this.partition,
      offset: batch.firstOffset() ?? undefined,
    };
    let producer: Producer;
    try {
      producer = await this.ensureProducer();
    } catch (error) {
      if (isProducerFenced(error)) return this.fence(error, control);
      throw new TransactionalBatchError('could not start the transactional producer', error, context);
    }

    let transaction: Transaction;
    try {
      // kafkajs runs the transactional InitProducerId on the first transaction(), not on connect().
      transaction = await producer.transaction();
      if (!this.offsetKnown) await this.readCommittedOffset();
    } catch (error) {
      if (isProducerFenced(error)) return this.fence(error, control);
      await this.dropProducer();
      throw new TransactionalBatchError('could not begin a transaction', error, context);
    }

    const from = this.nextOffset;
    const messages =
      from === undefined ? batch.messages : batch.messages.filter((m) => BigInt(m.offset) >= from);
    // Past every record and control marker of the batch, so that a trailing commit marker is not
    // fetched again after a restart.
    const commitOffset = BigInt(batch.lastOffset()) + 1n;
    if (messages.length === 0) {
      // Already committed by an earlier transaction of this partition (ours or a predecessor's).
      // Nothing was added to the transaction, so kafkajs ends it without asking the broker.
      await this.abort(transaction, control);
      if (!this.fenced) control.resolveOffset(batch.lastOffset());
      return;
    }

    let outputs: TransactionalOutput[];
    try {
      outputs = await this.deps.handler({
        topic: this.topic,
        partition: this.partition,
        messages,
        session: this.session,
      });
    } catch (error) {
      this.deps.logger?.warn({ err: error, ...context }, 'transactional handler failed, aborting the batch');
      await this.abort(transaction, control);
      if (this.fenced) return;
      throw new TransactionalBatchError('the handler failed; the batch was aborted', error, context);
    }

    let produced: RecordMetadata[];
    try {
      produced = await this.sendOutputs(transaction, outputs);
      await transaction.sendOffsets({
        consumerGroupId: this.deps.groupId,
        topics: [
          { topic: this.topic, partitions: [{ partition: this.partition, offset: commitOffset.toString() }] },
        ],
      });
      await transaction.commit();
    } catch (error) {
      if (isProducerFenced(error)) return this.fence(error, control);
      await this.abort(transaction, control);
      if (this.fenced) return;
      // Whether the commit reached the broker is unknown; a new producer re-reads the committed offset.
      await this.dropProducer();
      throw new TransactionalBatchError('sending or committing the transaction failed', error, context);
    }

    this.nextOffset = commitOffset;
    control.resolveOffset(batch.lastOffset());
    await this.reportCommit(produced, commitOffset.toString());
    await control.heartbeat();
  }

  private async tickNow(handler: TransactionalTickHandler): Promise<void> {
    // Only a session that has processed a batch has read the committed offset, i.e. owns the
    // partition with every predecessor's transaction complete.
    const producer = this.producer;
    if (this.closed || this.fenced || !producer || !this.offsetKnown) return;
    const session = { topic: this.topic, partition: this.partition, session: this.session };
    const control = { pause: () => undefined };
    let transaction: Transaction;
    try {
      transaction = await producer.transaction();
    } catch (error) {
      if (isProducerFenced(error)) return this.fence(error, control);
      this.deps.logger?.warn({ err: error, ...session }, 'could not begin a tick transaction');
      await this.dropProducer();
      return;
    }
    let outputs: TransactionalOutput[];
    try {
      outputs = await handler(session);
    } catch (error) {
      this.deps.logger?.warn({ err: error, ...session }, 'tick handler failed, aborting the tick');
      return this.abort(transaction, control);
    }
    if (outputs.every((output) => output.messages.length === 0)) return this.abort(transaction, control);
    let produced: RecordMetadata[];
    try {
      produced = await this.sendOutputs(transaction, outputs);
      await transaction.commit();
    } catch (error) {
      if (isProducerFenced(error)) return this.fence(error, control);
      await this.abort(transaction, control);
      if (this.fenced) return;
      this.deps.logger?.warn({ err: error, ...session }, 'committing a tick failed');
      await this.dropProducer();
      return;
    }
    await this.reportCommit(produced, undefined);
  }

  private async sendOutputs(
    transaction: Transaction,
    outputs: TransactionalOutput[],
  ): Promise<RecordMetadata[]> {
    const topicMessages = outputs.filter((output) => output.messages.length > 0);
    return topicMessages.length > 0 ? transaction.sendBatch({ topicMessages }) : [];
  }

  /**
   * Tells onCommitted. If it throws, whoever listens no longer knows what is committed, so the
   * producer is dropped: the next batch runs in a new session, which tells them to start over.
   */
  private async reportCommit(produced: RecordMetadata[], inputOffset: string | undefined): Promise<void> {
    if (!this.deps.onCommitted) return;
    try {
      await this.deps.onCommitted({
        topic: this.topic,
        partition: this.partition,
        session: this.session,
        ...(inputOffset === undefined ? {} : { inputOffset }),
        produced: produced.map(({ topicName, partition, baseOffset }) => ({
          topic: topicName,
          partition,
          baseOffset: baseOffset ?? '-1',
        })),
      });
    } catch (error) {
      this.deps.logger?.error(
        { err: error, topic: this.topic, partition: this.partition },
        'onCommitted failed after a commit; the next batch starts a new session',
      );
      await this.dropProducer();
    }
  }

  /** The producer, created and connected on the partition's first batch. */
  private async ensureProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    const producer = createProducer(this.deps.kafka, { transactionalId: this.deps.transactionalId });
    await producer.connect();
    this.producer = producer;
    this.offsetKnown = false;
    this.session = this.deps.nextSession();
    return producer;
  }

  /**
   * Reads the group's committed offset for the partition, once per producer and only after its
   * transactional InitProducerId: that fences every earlier producer with this transactional id and
   * completes (or aborts) its pending transaction, so the committed offset is final by then. The
   * consumer's own position came from an OffsetFetch that, without KIP-447's require_stable, may
   * predate a predecessor's last transactional commit (the crash test caught such duplicates).
   */
  private async readCommittedOffset(): Promise<void> {
    // The group coordinator applies a committed transaction's offsets only when it processes the
    // commit marker, a moment after the transaction coordinator calls the transaction complete. Without
    // KIP-447's require_stable, a read in that moment returns the older offset, so the offset is read
    // until it holds still.
    let previous = await this.fetchCommittedOffset();
    for (let reads = 0; reads < 20; reads++) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      const current = await this.fetchCommittedOffset();
      if (current === previous) break;
      previous = current;
    }
    this.nextOffset = previous;
    this.offsetKnown = true;
  }

  private async fetchCommittedOffset(): Promise<bigint | undefined> {
    const [entry] = await this.deps.admin.fetchOffsets({ groupId: this.deps.groupId, topics: [this.topic] });
    const committed = entry?.partitions.find((p) => p.partition === this.partition)?.offset;
    return committed !== undefined && BigInt(committed) >= 0n ? BigInt(committed) : undefined;
  }

  /** Aborts, and gives the producer up if even that fails, since its transaction state is unknown. */
  private async abort(transaction: Transaction, control: Pick<BatchControl, 'pause'>): Promise<void> {
    try {
      await transaction.abort();
    } catch (error) {
      if (isProducerFenced(error)) return this.fence(error, control);
      this.deps.logger?.warn(
        { err: error, topic: this.topic, partition: this.partition },
        'aborting the transaction failed; the producer will be recreated',
      );
      await this.dropProducer();
    }
  }

  /**
   * Another producer owns this partition's transactional id now: nothing of this pipeline may be
   * committed any more. The partition is paused rather than the error thrown, because kafkajs would
   * restart the whole consumer and the other partitions are still ours.
   */
  private async fence(error: unknown, control: Pick<BatchControl, 'pause'>): Promise<void> {
    this.fenced = true;
    control.pause();
    this.deps.logger?.error(
      {
        err: error,
        topic: this.topic,
        partition: this.partition,
        transactionalId: this.deps.transactionalId,
      },
      'transactional producer fenced; this partition stops here',
    );
    await this.dropProducer();
  }

  private async dropProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    this.nextOffset = undefined;
    this.offsetKnown = false;
    await producer?.disconnect().catch(() => undefined);
  }
}
