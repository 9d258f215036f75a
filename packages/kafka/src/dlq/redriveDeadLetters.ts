import type { Kafka, Message, RecordMetadata, TopicMessages, Transaction } from 'kafkajs';
import { createProducer } from '../producer/createProducer.js';
import { awaitVisible } from './awaitVisible.js';
import { DeadLetterError } from './DeadLetterError.js';
import { matchesDeadLetterFilter } from './DeadLetterFilter.js';
import { DeadLetterOptionsError } from './DeadLetterOptionsError.js';
import type { DeadLetterRecord } from './DeadLetterRecord.js';
import type { DeadLetterSelection } from './DeadLetterSelection.js';
import { positionKey, validateDeadLetterSelection } from './DeadLetterSelection.js';
import type { RedrivePlacement } from './RedrivePlacement.js';
import { deadLetterTopicFor } from './deadLetterTopicFor.js';
import { originPlacements } from './originPlacements.js';
import type { SkippedDeadLetter } from './planRedrive.js';
import { planRedrive } from './planRedrive.js';
import { readDeadLetters } from './readDeadLetters.js';
import { redriveMarkerMessage } from './redriveMarker.js';
import { redriveMessage } from './redriveMessage.js';

export interface RedriveDeadLettersOptions {
  /** The DLQ topic, or the topic whose dead letters it holds. */
  topic: string;
  selection: DeadLetterSelection;
  /** Decide and report what would be sent, and send nothing. */
  dryRun?: boolean;
  /** Send dead letters that were re-driven before again; by default they are skipped and reported. */
  allowRepeat?: boolean;
  placement?: RedrivePlacement;
  /**
   * Shared by every re-drive of this DLQ, so that two at once fence each other; by default
   * `streamforge-dlq-redrive-<dlq topic>`.
   */
  transactionalId?: string;
  /** Re-driven records per transaction; 500 by default. */
  recordsPerTransaction?: number;
  /** Fails with DLQ_READ_STALLED when reading makes no progress for this long; 20 s by default. */
  stallTimeoutMs?: number;
}

/** One dead letter sent back (or, in a dry run, that would be). */
export interface RedrivenRecord {
  deadLetter: DeadLetterRecord;
  toTopic: string;
  /** null when the producer's key partitioner places it. */
  toPartition: number | null;
}

export interface RedriveResult {
  dryRun: boolean;
  /** The time written in the re-drive headers and markers. */
  at: Date;
  /** In DLQ timestamp order, as sent. */
  sent: RedrivenRecord[];
  skipped: SkippedDeadLetter[];
}

/** What a re-drive needs besides the cluster: the options, validated, with their defaults. */
interface Settings {
  deadLetterTopic: string;
  selection: DeadLetterSelection;
  allowRepeat: boolean;
  placement: RedrivePlacement;
  perTransaction: number;
  stallTimeoutMs: number | undefined;
}

/**
 * Sends chosen dead letters back to their origin topic (from `dlq-original-topic`) with their key,
 * value and own headers, plus `redriven-from-*` headers naming the dead letter, through an idempotent,
 * transactional producer.
 *
 * Each copy is sent in one transaction with a marker on the dead letter's DLQ partition, so a dead
 * letter is either re-driven and marked or neither. Listings show the marks, and later re-drives skip
 * marked dead letters unless `allowRepeat`. Two re-drives of one DLQ at once cannot both miss each
 * other's marks: they share one transactional id, and the DLQ is read only after this producer's
 * InitProducerId, which fences the other producer and waits for its open transaction to end, so either
 * the other's marks are visible or its next commit is refused.
 *
 * It returns once the copies and marks are readable by read_committed consumers (see `awaitVisible`),
 * so a listing right after it shows the marks.
 */
export async function redriveDeadLetters(
  kafka: Kafka,
  options: RedriveDeadLettersOptions,
): Promise<RedriveResult> {
  const settings = validate(options);
  if (options.dryRun) {
    const { toSend, skipped } = await plan(kafka, settings);
    const at = new Date();
    return { dryRun: true, at, sent: await destinations(kafka, toSend, settings), skipped };
  }

  const producer = createProducer(kafka, {
    transactionalId: options.transactionalId ?? `streamforge-dlq-redrive-${settings.deadLetterTopic}`,
  });
  await producer.connect();
  try {
    // kafkajs runs InitProducerId with the transactional id at the first transaction: begin it before
    // reading, so the read sees every mark a fenced or finished earlier re-drive committed.
    let transaction: Transaction = await producer.transaction();
    const { toSend, skipped } = await plan(kafka, settings);
    const sent = await destinations(kafka, toSend, settings);
    const at = new Date();
    let committed = 0;
    const written: RecordMetadata[] = [];
    try {
      for (let start = 0; start < sent.length; start += settings.perTransaction) {
        if (start > 0) transaction = await producer.transaction();
        const chunk = sent.slice(start, start + settings.perTransaction);
        written.push(
          ...(await transaction.sendBatch({
            topicMessages: topicMessages(chunk, settings.deadLetterTopic, at),
          })),
        );
        await transaction.commit();
        committed += chunk.length;
      }
      // Nothing was sent when nothing was chosen; kafkajs then ends the transaction without a request.
      if (sent.length === 0) await transaction.commit();
    } catch (error) {
      if (transaction.isActive()) await transaction.abort().catch(() => undefined);
      throw new DeadLetterError(
        `re-drive from ${settings.deadLetterTopic} failed after ${committed} of ${sent.length} records were ` +
          `sent and marked: ${error instanceof Error ? error.message : String(error)}`,
        {
          code: 'DLQ_REDRIVE_FAILED',
          retriable: true,
          cause: error,
          context: { topic: settings.deadLetterTopic },
        },
      );
    }
    await awaitVisible(kafka, written);
    return { dryRun: false, at, sent, skipped };
  } finally {
    await producer.disconnect();
  }
}

function validate(options: RedriveDeadLettersOptions): Settings {
  validateDeadLetterSelection(options.selection);
  const perTransaction = options.recordsPerTransaction ?? 500;
  if (!(Number.isInteger(perTransaction) && perTransaction > 0))
    throw new DeadLetterOptionsError(
      `recordsPerTransaction must be a positive integer, got ${perTransaction}`,
    );
  const placement = options.placement ?? 'originalPartition';
  if (placement !== 'originalPartition' && placement !== 'byKey')
    throw new DeadLetterOptionsError(
      `placement must be 'originalPartition' or 'byKey', got '${String(placement)}'`,
    );
  return {
    deadLetterTopic: deadLetterTopicFor(options.topic),
    selection: options.selection,
    allowRepeat: options.allowRepeat ?? false,
    placement,
    perTransaction,
    stallTimeoutMs: options.stallTimeoutMs,
  };
}

/** Reads the DLQ and decides what to send; listed positions that hold no dead letter fail the call. */
async function plan(kafka: Kafka, settings: Settings) {
  const { selection, deadLetterTopic } = settings;
  const listed = selection.offsets ? new Set(selection.offsets.map(positionKey)) : undefined;
  const partitions = selection.offsets
    ? [...new Set(selection.offsets.map((position) => position.partition))]
    : selection.partition === undefined
      ? undefined
      : [selection.partition];
  // Whether a dead letter was re-driven is known only once the whole range is read: planRedrive decides.
  const { redriven: _decidedByPlan, ...readTimeFilter } = selection;
  const deadLetters = await readDeadLetters(kafka, deadLetterTopic, {
    ...(partitions ? { partitions } : {}),
    ...(settings.stallTimeoutMs === undefined ? {} : { stallTimeoutMs: settings.stallTimeoutMs }),
    // Listed positions are kept whatever the filter says, so that those it excludes can be reported.
    keep: (record) =>
      listed ? listed.has(positionKey(record)) : matchesDeadLetterFilter(record, readTimeFilter),
  });
  const result = planRedrive(deadLetters, selection, settings.allowRepeat);
  if (result.missing.length > 0)
    throw new DeadLetterError(
      `no dead letter at ${result.missing.map(positionKey).join(', ')} on ${deadLetterTopic} ` +
        '(partition:offset out of range, or a re-drive marker)',
      { code: 'DLQ_OFFSET_NOT_FOUND', context: { topic: deadLetterTopic } },
    );
  return result;
}

async function destinations(
  kafka: Kafka,
  toSend: readonly DeadLetterRecord[],
  settings: Settings,
): Promise<RedrivenRecord[]> {
  const partitions = await originPlacements(kafka, toSend, settings.placement);
  return toSend.map((deadLetter, i) => ({
    deadLetter,
    // planRedrive sends only dead letters that name their origin topic.
    toTopic: deadLetter.originTopic as string,
    toPartition: partitions[i] ?? null,
  }));
}

/** The copies, grouped by origin topic, and their markers on the DLQ, for one transaction. */
function topicMessages(chunk: readonly RedrivenRecord[], deadLetterTopic: string, at: Date): TopicMessages[] {
  const byTopic = new Map<string, Message[]>();
  const markers: Message[] = [];
  for (const { deadLetter, toTopic, toPartition } of chunk) {
    const messages = byTopic.get(toTopic) ?? [];
    messages.push(redriveMessage(deadLetter, at, toPartition));
    byTopic.set(toTopic, messages);
    markers.push(redriveMarkerMessage(deadLetter, toTopic, at));
  }
  return [
    ...[...byTopic].map(([topic, messages]) => ({ topic, messages })),
    { topic: deadLetterTopic, messages: markers },
  ];
}
