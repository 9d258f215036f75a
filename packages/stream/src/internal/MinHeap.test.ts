import { seededRandom } from '../__tests__/seededRandom.js';
import { MinHeap } from './MinHeap.js';

describe('MinHeap', () => {
  it('pops in ascending order whatever the push order', () => {
    const random = seededRandom(1);
    const heap = new MinHeap<number>((a, b) => a - b);
    const values = Array.from({ length: 500 }, () => Math.floor(random() * 100));
    for (const value of values) heap.push(value);
    expect(heap.size).toBe(500);
    const popped: number[] = [];
    for (let value = heap.pop(); value !== undefined; value = heap.pop()) popped.push(value);
    expect(popped).toEqual([...values].sort((a, b) => a - b));
    expect(heap.peek()).toBeUndefined();
  });
});
