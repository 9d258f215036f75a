import { MinHeap } from './MinHeap.js';

/** A due timer: the time it was set for and the key it belongs to. */
export interface Timer {
  time: number;
  key: string;
}

/**
 * Timers as unique (time, key) pairs, handed out earliest first and, at one time, in key order, so
 * that firing is deterministic. Deleting leaves the heap entry behind; it is skipped when it surfaces.
 */
export class TimerQueue {
  private readonly heap = new MinHeap<Timer>((a, b) =>
    a.time !== b.time ? a.time - b.time : a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
  );
  private readonly live = new Set<string>();

  get size(): number {
    return this.live.size;
  }

  /** False when the timer was already set. */
  add(time: number, key: string): boolean {
    const id = timerId(time, key);
    if (this.live.has(id)) return false;
    this.live.add(id);
    this.heap.push({ time, key });
    return true;
  }

  delete(time: number, key: string): boolean {
    return this.live.delete(timerId(time, key));
  }

  /** Removes and returns the earliest timer due at or before `time`, if any. */
  popDue(time: number): Timer | undefined {
    for (let top = this.heap.peek(); top !== undefined && top.time <= time; top = this.heap.peek()) {
      this.heap.pop();
      if (this.live.delete(timerId(top.time, top.key))) return top;
    }
    return undefined;
  }
}

/** The (time, key) pair as one string; a key may hold any character, the time cannot hold a '/'. */
export function timerId(time: number, key: string): string {
  return `${time}/${key}`;
}
