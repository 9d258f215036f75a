import { END_OF_INPUT, NO_WATERMARK } from './watermarks.js';
import { WatermarkTracker } from './WatermarkTracker.js';

describe('WatermarkTracker', () => {
  it('trails the largest timestamp by the bound and one: a record exactly the bound behind is on time', () => {
    const tracker = new WatermarkTracker({ maxOutOfOrdernessMs: 5_000 });
    tracker.assign(0, 0);
    expect(tracker.watermark).toBe(NO_WATERMARK);
    expect(tracker.observe(0, 10_000, 0)).toBe(true);
    // 5_000 may still arrive; 4_999 may not.
    expect(tracker.watermark).toBe(4_999);
  });

  it('does not move for records out of order within the bound, and never goes back', () => {
    const tracker = new WatermarkTracker({ maxOutOfOrdernessMs: 100 });
    tracker.assign(0, 0);
    tracker.observe(0, 1_000, 0);
    expect(tracker.observe(0, 950, 0)).toBe(false);
    expect(tracker.observe(0, 10, 0)).toBe(false);
    expect(tracker.watermark).toBe(899);
    expect(tracker.observe(0, 1_001, 0)).toBe(true);
    expect(tracker.watermark).toBe(900);
  });

  it('is the minimum over the partitions, and a partition without records holds it back', () => {
    const tracker = new WatermarkTracker();
    tracker.assign(0, 0);
    tracker.assign(1, 0);
    tracker.observe(0, 500, 0);
    expect(tracker.watermark).toBe(NO_WATERMARK);
    tracker.observe(1, 200, 0);
    expect(tracker.watermark).toBe(199);
    tracker.observe(1, 900, 0);
    expect(tracker.watermark).toBe(499);
  });

  it('lets an idle partition stop holding it back, and takes it back when it has records again', () => {
    const tracker = new WatermarkTracker({ idleTimeoutMs: 1_000 });
    tracker.assign(0, 0);
    tracker.assign(1, 0);
    tracker.observe(0, 100, 0);
    tracker.observe(1, 50, 0);
    tracker.observe(0, 5_000, 900);
    expect(tracker.watermark).toBe(49);
    // Partition 1 has been quiet for 999 ms: not yet idle.
    expect(tracker.advanceTime(999)).toBe(false);
    expect(tracker.advanceTime(1_000)).toBe(true);
    expect(tracker.watermark).toBe(4_999);
    // Back with an old record: it rejoins, but the watermark does not go back.
    expect(tracker.observe(1, 60, 1_100)).toBe(false);
    expect(tracker.watermark).toBe(4_999);
    tracker.observe(0, 9_000, 1_100);
    expect(tracker.watermark).toBe(4_999);
    tracker.observe(1, 7_000, 1_200);
    expect(tracker.watermark).toBe(6_999);
  });

  it('follows the most advanced partition when every partition is idle', () => {
    const tracker = new WatermarkTracker({ idleTimeoutMs: 10 });
    tracker.assign(0, 0);
    tracker.assign(1, 0);
    tracker.observe(0, 300, 0);
    tracker.observe(1, 100, 0);
    tracker.advanceTime(50);
    expect(tracker.watermark).toBe(299);
  });

  it('stops waiting for a revoked partition; a newly assigned one cannot lower it', () => {
    const tracker = new WatermarkTracker();
    tracker.assign(0, 0);
    tracker.assign(1, 0);
    tracker.observe(0, 300, 0);
    tracker.observe(1, 100, 0);
    expect(tracker.revoke(1)).toBe(true);
    expect(tracker.watermark).toBe(299);
    tracker.assign(2, 0);
    tracker.observe(2, 10, 0);
    expect(tracker.watermark).toBe(299);
    expect(() => tracker.observe(1, 1, 0)).toThrow(/partition 1 is not assigned/);
  });

  it('goes past every timestamp when the input ends', () => {
    const tracker = new WatermarkTracker();
    tracker.assign(0, 0);
    expect(tracker.finish()).toBe(true);
    expect(tracker.watermark).toBe(END_OF_INPUT);
  });

  it('resumes from restored progress', () => {
    const tracker = new WatermarkTracker({ maxOutOfOrdernessMs: 10 });
    tracker.assign(0, 0);
    tracker.assign(1, 0);
    tracker.restore({
      watermark: 89,
      maxTimestamps: new Map([
        [0, 100],
        [1, 120],
      ]),
    });
    expect(tracker.watermark).toBe(89);
    expect(tracker.maxTimestamp(1)).toBe(120);
    expect(tracker.observe(0, 105, 0)).toBe(true);
    expect(tracker.watermark).toBe(94);
  });

  it('rejects a negative bound or timeout', () => {
    expect(() => new WatermarkTracker({ maxOutOfOrdernessMs: -1 })).toThrow(RangeError);
    expect(() => new WatermarkTracker({ idleTimeoutMs: Number.NaN })).toThrow(RangeError);
  });
});
