import { BufferMemory } from './BufferMemory.js';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('BufferMemory', () => {
  it('grants what fits at once and never more than its total', () => {
    const memory = new BufferMemory(100);
    expect(memory.tryReserve(60)).toBe(true);
    expect(memory.tryReserve(41)).toBe(false);
    expect(memory.tryReserve(40)).toBe(true);
    expect(memory.usedBytes).toBe(100);
  });

  it('admits waiters first come first served, so a large one is not starved by small ones', async () => {
    const memory = new BufferMemory(100);
    memory.tryReserve(90);
    const large = memory.reserve(50, 1_000);
    expect(memory.hasWaiters).toBe(true);
    // 10 bytes are free, but the large reservation is queued ahead.
    expect(memory.tryReserve(10)).toBe(false);
    const small = memory.reserve(10, 1_000);
    const order: string[] = [];
    void large.then((granted) => order.push(`large:${granted}`));
    void small.then((granted) => order.push(`small:${granted}`));
    memory.release(50);
    await jest.advanceTimersByTimeAsync(0);
    expect(order).toEqual(['large:true', 'small:true']);
    expect(memory.usedBytes).toBe(90 - 50 + 50 + 10);
    expect(memory.hasWaiters).toBe(false);
  });

  it('gives up after the timeout, and then admits the waiters that were queued behind', async () => {
    const memory = new BufferMemory(100);
    memory.tryReserve(95);
    const large = memory.reserve(50, 100);
    const small = memory.reserve(5, 1_000);
    const outcomes: string[] = [];
    void large.then((granted) => outcomes.push(`large:${granted}`));
    void small.then((granted) => outcomes.push(`small:${granted}`));
    await jest.advanceTimersByTimeAsync(99);
    expect(outcomes).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(outcomes).toEqual(['large:false', 'small:true']);
    expect(memory.usedBytes).toBe(100);
  });

  it('answers false at once with a zero timeout', async () => {
    const memory = new BufferMemory(10);
    memory.tryReserve(10);
    await expect(memory.reserve(1, 0)).resolves.toBe(false);
    expect(memory.hasWaiters).toBe(false);
  });

  it('refuses reservations that could never be granted and releases of more than is reserved', () => {
    const memory = new BufferMemory(10);
    expect(() => memory.tryReserve(11)).toThrow(RangeError);
    expect(() => memory.tryReserve(0)).toThrow(RangeError);
    memory.tryReserve(5);
    expect(() => memory.release(6)).toThrow(/released 6 bytes, only 5 are reserved/);
  });
});
