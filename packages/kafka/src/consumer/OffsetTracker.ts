/**
 * The commit position of one partition whose records complete out of order: the offset below which
 * every delivered record has completed (a contiguous watermark, as in Confluent's parallel consumer).
 * Committing it never skips a record that is still running, waiting or failed, so a restart
 * re-delivers those; records completed above it are re-delivered too (at least once).
 *
 * Offsets of a partition are not contiguous (transaction markers, aborted and compacted records take
 * offsets that are never delivered), so the tracker keeps the delivered offsets themselves, not a
 * range, and learns from `advanceTo` where delivery ended.
 */
export class OffsetTracker {
  /** Delivered offsets from the watermark up, in offset order; entries before `head` are spent. */
  private pending: number[] = [];
  private head = 0;
  /** Delivered offsets not completed yet. */
  private readonly unfinished = new Set<number>();
  /** Every offset below it has been delivered or holds no record; undefined until the first one. */
  private deliveredEnd: number | undefined;

  /** The first offset not delivered yet: a record below it that arrives again is a duplicate. */
  get nextOffset(): number | undefined {
    return this.deliveredEnd;
  }

  /** Delivered records not yet below the watermark, completed or not. */
  get uncommitted(): number {
    return this.pending.length - this.head;
  }

  /** A record was delivered; offsets must come in increasing order. */
  add(offset: number): void {
    if (this.deliveredEnd !== undefined && offset < this.deliveredEnd)
      throw new RangeError(`offset ${offset} arrived after delivery had reached ${this.deliveredEnd}`);
    this.pending.push(offset);
    this.unfinished.add(offset);
    this.deliveredEnd = offset + 1;
  }

  /**
   * Nothing below `offset` is left to deliver: what lies between the last record and it are markers
   * or aborted records, which the committed offset may skip. Never moves back.
   */
  advanceTo(offset: number): void {
    if (this.deliveredEnd === undefined || offset > this.deliveredEnd) this.deliveredEnd = offset;
  }

  /** A delivered record completed (or was deliberately skipped). */
  complete(offset: number): void {
    if (!this.unfinished.delete(offset))
      throw new RangeError(`offset ${offset} is not a delivered, unfinished record`);
    while (this.head < this.pending.length && !this.unfinished.has(this.pending[this.head] as number))
      this.head++;
    // Spent entries are dropped in bulk, so that completing stays O(1) amortised.
    if (this.head > 1_024 && this.head * 2 > this.pending.length) {
      this.pending = this.pending.slice(this.head);
      this.head = 0;
    }
  }

  /**
   * The offset to commit (the next one to read): the oldest unfinished record, or, with every
   * delivered record finished, the end of delivery. Undefined before anything was delivered.
   */
  committable(): number | undefined {
    return this.head < this.pending.length ? this.pending[this.head] : this.deliveredEnd;
  }
}
