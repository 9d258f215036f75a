/**
 * Record values shaped like those of Kafka's ProducerPerformance with `--record-size`: random upper-case
 * ASCII letters, different in every record, so that compression sees the same entropy for every client.
 * Values are slices of one random buffer at random offsets, so making them costs nothing in the timed
 * loop.
 */
export class PayloadPool {
  readonly recordSize: number;
  private readonly pool: Buffer;
  private readonly offsets: Uint32Array;

  constructor(recordSize: number, distinct = 4096) {
    if (!Number.isInteger(recordSize) || recordSize < 1) {
      throw new RangeError(`record size must be a positive integer, not ${recordSize}`);
    }
    this.recordSize = recordSize;
    const span = Math.max(1 << 20, recordSize * 4);
    this.pool = Buffer.allocUnsafe(span + recordSize);
    for (let i = 0; i < this.pool.length; i++) this.pool[i] = 65 + Math.floor(Math.random() * 26);
    this.offsets = new Uint32Array(distinct);
    for (let i = 0; i < distinct; i++) this.offsets[i] = Math.floor(Math.random() * span);
  }

  /** How many different values the pool hands out, in turn. */
  get distinct(): number {
    return this.offsets.length;
  }

  /** The value of record `index`; a view into the pool, never copied. */
  value(index: number): Buffer {
    const offset = this.offsets[index % this.offsets.length] ?? 0;
    return this.pool.subarray(offset, offset + this.recordSize);
  }
}
