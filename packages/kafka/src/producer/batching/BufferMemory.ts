interface Waiter {
  bytes: number;
  grant: (granted: boolean) => void;
  timer: NodeJS.Timeout | undefined;
}

/**
 * A byte budget for records that are buffered or in flight, like the Java producer's BufferPool:
 * reservations beyond the budget wait, first come first served, and give up after a timeout. FIFO
 * matters twice: a large record is not starved by a stream of small ones, and records of one caller
 * are admitted in the order they were sent.
 */
export class BufferMemory {
  private used = 0;
  private readonly waiters: Waiter[] = [];

  constructor(readonly totalBytes: number) {}

  get usedBytes(): number {
    return this.used;
  }

  /** Whether some reservation is waiting for room, i.e. the buffer is the bottleneck right now. */
  get hasWaiters(): boolean {
    return this.waiters.length > 0;
  }

  /** Takes `bytes` if they are free and nobody is queued ahead; never waits. */
  tryReserve(bytes: number): boolean {
    this.checkSize(bytes);
    if (this.waiters.length > 0 || this.used + bytes > this.totalBytes) return false;
    this.used += bytes;
    return true;
  }

  /**
   * Takes `bytes`, waiting up to `timeoutMs` behind earlier reservations; resolves false on timeout
   * (the caller knows what was being sent and words the error). The waiter is queued synchronously,
   * so `hasWaiters` is true as soon as this returns a reservation that has to wait.
   */
  reserve(bytes: number, timeoutMs: number): Promise<boolean> {
    if (this.tryReserve(bytes)) return Promise.resolve(true);
    if (timeoutMs <= 0) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = { bytes, grant: resolve, timer: undefined };
      waiter.timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        resolve(false);
        // The head may have been what held smaller reservations behind it.
        this.grantWaiters();
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Gives back what an acknowledged (or failed) batch held, and admits waiters that now fit. */
  release(bytes: number): void {
    if (bytes > this.used) throw new RangeError(`released ${bytes} bytes, only ${this.used} are reserved`);
    this.used -= bytes;
    this.grantWaiters();
  }

  private grantWaiters(): void {
    for (
      let head = this.waiters[0];
      head && this.used + head.bytes <= this.totalBytes;
      head = this.waiters[0]
    ) {
      this.waiters.shift();
      clearTimeout(head.timer);
      this.used += head.bytes;
      head.grant(true);
    }
  }

  private checkSize(bytes: number): void {
    // A reservation larger than the budget would wait forever; callers refuse such records first.
    if (!(bytes > 0 && bytes <= this.totalBytes))
      throw new RangeError(`cannot reserve ${bytes} bytes of a ${this.totalBytes}-byte buffer`);
  }
}
