/** An item handed out by `KeyedTaskQueue.take`, with the key it was queued under. */
export interface KeyedTask<K, T> {
  key: K;
  item: T;
}

/**
 * Items queued per key, handed out so that items of one key run one at a time in the order they were
 * queued, while items of different keys may run at once. A key is busy from `take` until `release`;
 * only idle keys with waiting items are ready, and ready keys are served first come, first served, so
 * a key with a long backlog does not starve the others.
 *
 * It runs nothing itself: the caller decides how many taken items run at once.
 */
export class KeyedTaskQueue<K, T> {
  private readonly waitingByKey = new Map<K, T[]>();
  private readonly busy = new Set<K>();
  /** Idle keys with waiting items; a Set iterates in insertion order, which makes it a FIFO. */
  private readonly ready = new Set<K>();
  private waitingCount = 0;

  /** Items queued and not taken yet. */
  get waiting(): number {
    return this.waitingCount;
  }

  /** Keys whose taken item has not been released. */
  get busyKeys(): number {
    return this.busy.size;
  }

  hasReady(): boolean {
    return this.ready.size > 0;
  }

  push(key: K, item: T): void {
    const queue = this.waitingByKey.get(key);
    if (queue) queue.push(item);
    else this.waitingByKey.set(key, [item]);
    this.waitingCount++;
    if (!this.busy.has(key)) this.ready.add(key);
  }

  /** The oldest-ready key's next item; its key is busy until `release` (or `requeue`). */
  take(): KeyedTask<K, T> | undefined {
    const next = this.ready.values().next();
    if (next.done) return undefined;
    const key = next.value;
    this.ready.delete(key);
    const queue = this.waitingByKey.get(key) as T[];
    const item = queue.shift() as T;
    if (queue.length === 0) this.waitingByKey.delete(key);
    this.waitingCount--;
    this.busy.add(key);
    return { key, item };
  }

  /** The taken item of `key` is finished: the key's next item may be taken. */
  release(key: K): void {
    if (!this.busy.delete(key)) throw new RangeError(`key ${String(key)} is not busy`);
    if (this.waitingByKey.has(key)) this.ready.add(key);
  }

  /**
   * The taken item of `key` must run again (a retry): it goes back to the head of its key, ahead of
   * everything queued after it, and the key becomes ready.
   */
  requeue(key: K, item: T): void {
    if (!this.busy.has(key)) throw new RangeError(`key ${String(key)} is not busy`);
    const queue = this.waitingByKey.get(key);
    if (queue) queue.unshift(item);
    else this.waitingByKey.set(key, [item]);
    this.waitingCount++;
    this.release(key);
  }

  /** Drops every waiting item (taken ones stay busy until released) and returns how many there were. */
  clear(): number {
    const dropped = this.waitingCount;
    this.waitingByKey.clear();
    this.ready.clear();
    this.waitingCount = 0;
    return dropped;
  }
}
