import { seeded } from '../partitioner/__tests__/partitionerTestKit.js';
import { OffsetTracker } from './OffsetTracker.js';

/**
 * The brute-force definition of the commit position: the lowest delivered offset not completed, or,
 * with everything completed, where delivery ended.
 */
function oracle(unfinished: readonly number[], deliveredEnd: number | undefined): number | undefined {
  return unfinished.length > 0 ? Math.min(...unfinished) : deliveredEnd;
}

describe('OffsetTracker', () => {
  it('commits nothing before anything was delivered', () => {
    const tracker = new OffsetTracker();
    expect(tracker.committable()).toBeUndefined();
    expect(tracker.nextOffset).toBeUndefined();
    expect(tracker.uncommitted).toBe(0);
  });

  it('stops at the oldest unfinished record, however many later ones finished', () => {
    const tracker = new OffsetTracker();
    for (const offset of [5, 6, 7, 8]) tracker.add(offset);
    tracker.complete(6);
    tracker.complete(8);
    expect(tracker.committable()).toBe(5);
    expect(tracker.uncommitted).toBe(4);
    tracker.complete(5);
    expect(tracker.committable()).toBe(7);
    expect(tracker.uncommitted).toBe(2);
    tracker.complete(7);
    expect(tracker.committable()).toBe(9);
    expect(tracker.uncommitted).toBe(0);
  });

  it('passes offsets that hold no record (markers, aborted records) only once delivery moved past them', () => {
    const tracker = new OffsetTracker();
    tracker.add(10);
    tracker.add(12); // 11 is a commit marker
    tracker.advanceTo(14); // 13 too
    expect(tracker.committable()).toBe(10);
    tracker.complete(12);
    expect(tracker.committable()).toBe(10);
    tracker.complete(10);
    expect(tracker.committable()).toBe(14);
    expect(tracker.nextOffset).toBe(14);
    tracker.advanceTo(3); // never moves back
    expect(tracker.committable()).toBe(14);
  });

  it('refuses offsets out of order and completions of records it does not hold', () => {
    const tracker = new OffsetTracker();
    tracker.add(4);
    expect(() => tracker.add(4)).toThrow(RangeError);
    expect(() => tracker.add(2)).toThrow(RangeError);
    expect(() => tracker.complete(5)).toThrow(RangeError);
    tracker.complete(4);
    expect(() => tracker.complete(4)).toThrow(RangeError);
  });

  it('matches the brute-force watermark over random deliveries, gaps and completion orders', () => {
    const random = seeded(4242);
    let mismatch: string | undefined;
    for (let round = 0; round < 20 && mismatch === undefined; round++) {
      const tracker = new OffsetTracker();
      const delivered: number[] = [];
      let open: number[] = [];
      let end: number | undefined;
      let offset = Math.floor(random() * 100);
      // Enough records that the tracker drops its spent entries more than once.
      for (let step = 0; step < 4_000 && mismatch === undefined; step++) {
        if (random() < 0.55) {
          // Gaps stand for markers, aborted and compacted records.
          offset += random() < 0.2 ? 1 + Math.floor(random() * 3) : 0;
          tracker.add(offset);
          delivered.push(offset);
          open.push(offset);
          end = offset + 1;
          offset++;
        } else if (random() < 0.1) {
          const to = offset + Math.floor(random() * 3);
          tracker.advanceTo(to);
          if (end === undefined || to > end) end = to;
          offset = Math.max(offset, to);
        } else if (open.length > 0) {
          // Mostly old records finish first, sometimes any: the watermark lags behind stragglers.
          const index = random() < 0.7 ? 0 : Math.floor(random() * open.length);
          const done = open[index] as number;
          open = open.filter((o) => o !== done);
          tracker.complete(done);
        }
        const expected = oracle(open, end);
        let uncommitted = 0;
        for (let i = delivered.length - 1; i >= 0 && expected !== undefined && delivered[i]! >= expected; i--)
          uncommitted++;
        const actual = [tracker.committable(), tracker.nextOffset, tracker.uncommitted];
        if (actual[0] !== expected || actual[1] !== end || actual[2] !== uncommitted)
          mismatch = `round ${round} step ${step}: got ${actual.join('/')}, expected ${expected}/${end}/${uncommitted}`;
      }
    }
    expect(mismatch).toBeUndefined();
  });
});
