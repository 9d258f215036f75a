import { seeded } from '../partitioner/__tests__/partitionerTestKit.js';
import { KeyedTaskQueue } from './KeyedTaskQueue.js';

interface Item {
  id: number;
  key: string | null;
  attempt: number;
}

/** Yields to the event loop `turns` times: a random, reproducible "duration". */
async function work(turns: number): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('KeyedTaskQueue', () => {
  it('hands out one item per key at a time, in queue order, while keys take turns', () => {
    const queue = new KeyedTaskQueue<string | null, string>();
    queue.push('a', 'a1');
    queue.push('a', 'a2');
    queue.push('b', 'b1');
    queue.push(null, 'n1');
    expect(queue.waiting).toBe(4);
    expect(queue.take()).toEqual({ key: 'a', item: 'a1' });
    expect(queue.take()).toEqual({ key: 'b', item: 'b1' });
    expect(queue.take()).toEqual({ key: null, item: 'n1' });
    // a2 waits for a1.
    expect(queue.take()).toBeUndefined();
    expect(queue.busyKeys).toBe(3);
    queue.release('a');
    expect(queue.take()).toEqual({ key: 'a', item: 'a2' });
    expect(() => queue.release('c')).toThrow(RangeError);
  });

  it('puts a requeued item back at the head of its key', () => {
    const queue = new KeyedTaskQueue<string, string>();
    queue.push('k', 'first');
    queue.push('k', 'second');
    const first = queue.take();
    expect(first?.item).toBe('first');
    queue.requeue('k', 'first again');
    expect(queue.take()?.item).toBe('first again');
    queue.release('k');
    expect(queue.take()?.item).toBe('second');
    expect(() => queue.requeue('other', 'x')).toThrow(RangeError);
  });

  it('drops waiting items on clear but keeps taken keys busy', () => {
    const queue = new KeyedTaskQueue<string, number>();
    queue.push('k', 1);
    queue.push('k', 2);
    queue.push('j', 3);
    queue.take();
    expect(queue.clear()).toBe(2);
    expect(queue.hasReady()).toBe(false);
    expect(queue.busyKeys).toBe(1);
    queue.release('k');
    expect(queue.take()).toBeUndefined();
  });

  it('keeps per-key offset order under random durations, retries and concurrency (brute-force oracle)', async () => {
    const random = seeded(7);
    const concurrency = 6;
    const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', null];
    const queue = new KeyedTaskQueue<string | null, Item>();
    const pushedByKey = new Map<string | null, number[]>();
    const finishedByKey = new Map<string | null, number[]>();
    const runningKeys = new Set<string | null>();
    const violations: string[] = [];
    let running = 0;
    let maxRunning = 0;
    let overlappingKeys = 0;
    let nextId = 0;

    const push = (count: number) => {
      for (let i = 0; i < count; i++) {
        const key = keys[Math.floor(random() * keys.length)] as string | null;
        const id = nextId++;
        queue.push(key, { id, key, attempt: 1 });
        pushedByKey.set(key, [...(pushedByKey.get(key) ?? []), id]);
      }
    };

    const runs: Promise<void>[] = [];
    const pump = () => {
      let task;
      while (running < concurrency && (task = queue.take())) {
        const { key, item } = task;
        if (runningKeys.has(key)) violations.push(`key ${key} ran two items at once`);
        runningKeys.add(key);
        running++;
        maxRunning = Math.max(maxRunning, running);
        if (runningKeys.size > 1) overlappingKeys++;
        runs.push(
          (async () => {
            await work(Math.floor(random() * 8));
            runningKeys.delete(key);
            running--;
            // One item in ten fails once and goes back to the head of its key.
            if (item.attempt === 1 && random() < 0.1) queue.requeue(key, { ...item, attempt: 2 });
            else {
              finishedByKey.set(key, [...(finishedByKey.get(key) ?? []), item.id]);
              queue.release(key);
            }
            pump();
          })(),
        );
      }
    };

    // Items keep arriving while earlier ones run, as batches do.
    for (let wave = 0; wave < 20; wave++) {
      push(25);
      pump();
      await work(3);
    }
    while (runs.length > 0) await runs.shift();

    expect(violations).toEqual([]);
    expect(maxRunning).toBeLessThanOrEqual(concurrency);
    // Concurrency really happened, or the ordering check would prove nothing.
    expect(maxRunning).toBe(concurrency);
    expect(overlappingKeys).toBeGreaterThan(50);
    // Each item finished exactly once, and per key in the order it was queued.
    for (const key of keys) expect(finishedByKey.get(key)).toEqual(pushedByKey.get(key));
    expect(queue.waiting).toBe(0);
    expect(queue.busyKeys).toBe(0);
  });
});
