import { TimerQueue } from './TimerQueue.js';

describe('TimerQueue', () => {
  it('hands out due timers by time, then key, once each', () => {
    const timers = new TimerQueue();
    timers.add(20, 'b');
    timers.add(10, 'z');
    timers.add(20, 'a');
    expect(timers.add(10, 'z')).toBe(false);
    expect(timers.size).toBe(3);
    const due = [];
    for (let timer = timers.popDue(20); timer; timer = timers.popDue(20)) due.push(timer);
    expect(due).toEqual([
      { time: 10, key: 'z' },
      { time: 20, key: 'a' },
      { time: 20, key: 'b' },
    ]);
  });

  it('keeps timers that are not due and skips deleted ones', () => {
    const timers = new TimerQueue();
    timers.add(5, 'k');
    timers.add(7, 'k');
    timers.add(9, 'k');
    timers.delete(5, 'k');
    expect(timers.popDue(8)).toEqual({ time: 7, key: 'k' });
    expect(timers.popDue(8)).toBeUndefined();
    timers.add(5, 'k');
    expect(timers.popDue(100)).toEqual({ time: 5, key: 'k' });
    expect(timers.popDue(100)).toEqual({ time: 9, key: 'k' });
    expect(timers.size).toBe(0);
  });
});
