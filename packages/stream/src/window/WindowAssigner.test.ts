import { countTrigger } from './Trigger.js';
import { globalWindows, sessionWindows, slidingWindows, tumblingWindows } from './WindowAssigner.js';

describe('window assigners', () => {
  it('describe tumbling, sliding, session and global windows', () => {
    expect(tumblingWindows(60_000)).toEqual({ kind: 'tumbling', sizeMs: 60_000, offsetMs: 0 });
    expect(tumblingWindows(60_000, { offsetMs: -15_000 })).toEqual({
      kind: 'tumbling',
      sizeMs: 60_000,
      offsetMs: 45_000,
    });
    expect(slidingWindows(30, 10)).toEqual({ kind: 'sliding', sizeMs: 30, slideMs: 10, offsetMs: 0 });
    expect(sessionWindows(5)).toEqual({ kind: 'session', gapMs: 5 });
    expect(globalWindows(countTrigger(3)).kind).toBe('global');
  });

  it.each([
    () => tumblingWindows(0),
    () => tumblingWindows(1.5),
    () => slidingWindows(10, 0),
    () => slidingWindows(10, 20),
    () => sessionWindows(-1),
    () => countTrigger(0),
    () => tumblingWindows(10, { offsetMs: 0.5 }),
  ])('reject bad sizes (%#)', (make) => {
    expect(make).toThrow(RangeError);
  });
});
