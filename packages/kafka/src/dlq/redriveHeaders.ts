/**
 * Headers a re-driven record carries on its origin topic: which dead letter it is a copy of, and when it
 * was sent back. Outside the `dlq-` prefix on purpose: they belong to the record from now on, so if it
 * fails again its next dead letter still says it had been re-driven once.
 */
export const REDRIVE_HEADERS = {
  fromTopic: 'redriven-from-topic',
  fromPartition: 'redriven-from-partition',
  fromOffset: 'redriven-from-offset',
  /** ISO time of the re-drive. */
  at: 'redriven-at',
} as const;

/**
 * Headers of a re-drive marker: a record written to the DLQ partition of the dead letter, in the same
 * transaction as the re-driven copy, so that a later listing knows the dead letter was already sent
 * back. A record is a marker exactly when it has `offset`.
 */
export const REDRIVE_MARKER_HEADERS = {
  /** The DLQ offset of the dead letter that was re-driven; its partition is the marker's own. */
  offset: 'dlq-redrive-of-offset',
  toTopic: 'dlq-redrive-to-topic',
  /** ISO time of the re-drive. */
  at: 'dlq-redrive-at',
} as const;
