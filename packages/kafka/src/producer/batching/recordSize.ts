import type { IHeaders, Message } from 'kafkajs';

/** Fixed part of a v2 record batch (base offset to record count), Java's RECORD_BATCH_OVERHEAD. */
export const RECORD_BATCH_OVERHEAD_BYTES = 61;

/** Length, attributes, timestamp delta and offset delta of a v2 record at their widest varint sizes. */
const RECORD_OVERHEAD_BYTES = 21;
/** Widest varint of a 32-bit length. */
const VARINT_BYTES = 5;

/**
 * The most bytes `message` can take inside an uncompressed v2 record batch, in the spirit of Java's
 * `estimateSizeInBytesUpperBound`: an upper bound, so that batches never overshoot `batchSize` and the
 * buffer never holds more than `bufferMemory`, whatever the varints turn out to be.
 */
export function recordSizeUpperBound(message: Message): number {
  return (
    RECORD_OVERHEAD_BYTES +
    VARINT_BYTES +
    byteLength(message.key) +
    VARINT_BYTES +
    byteLength(message.value) +
    VARINT_BYTES +
    headersSize(message.headers)
  );
}

function headersSize(headers: IHeaders | undefined): number {
  if (!headers) return 0;
  let size = 0;
  for (const [name, value] of Object.entries(headers)) {
    // kafkajs writes each element of an array value as a header of its own under the same name.
    const values = Array.isArray(value) ? value : [value];
    for (const single of values)
      size += 2 * VARINT_BYTES + Buffer.byteLength(name, 'utf8') + byteLength(single);
  }
  return size;
}

function byteLength(bytes: Buffer | string | null | undefined): number {
  if (bytes === null || bytes === undefined) return 0;
  return typeof bytes === 'string' ? Buffer.byteLength(bytes, 'utf8') : bytes.length;
}
