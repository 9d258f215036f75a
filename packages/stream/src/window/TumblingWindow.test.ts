import { TumblingWindow } from './TumblingWindow.js';

describe('TumblingWindow', () => {
  const minute = new TumblingWindow(60_000);

  it('puts a timestamp in the window that starts at or before it', () => {
    expect(minute.assign(Date.UTC(2024, 0, 15, 10, 30, 59, 999))).toEqual({
      start: Date.UTC(2024, 0, 15, 10, 30),
      end: Date.UTC(2024, 0, 15, 10, 31),
    });
  });

  it('treats the window end as exclusive', () => {
    expect(minute.assign(120_000)).toEqual({ start: 120_000, end: 180_000 });
    expect(minute.assign(119_999)).toEqual({ start: 60_000, end: 120_000 });
  });

  it('aligns negative timestamps to the epoch too', () => {
    expect(minute.assign(-1)).toEqual({ start: -60_000, end: 0 });
  });

  it('rejects a size that is not a positive integer', () => {
    expect(() => new TumblingWindow(0)).toThrow(RangeError);
    expect(() => new TumblingWindow(1.5)).toThrow(RangeError);
  });
});
