import { mergeSessions } from './mergeSessions.js';
import type { Session } from './mergeSessions.js';

const GAP = 10;
const session = (start: number, end: number, acc: number[], extra: Partial<Session<number[]>> = {}) => ({
  start,
  end,
  acc,
  count: acc.length,
  emitted: false,
  fired: false,
  ...extra,
});
const add = (sessions: Session<number[]>[], timestamp: number) =>
  mergeSessions(sessions, timestamp, {
    gapMs: GAP,
    accumulate: (acc) => [...(acc ?? []), timestamp],
    merge: (a, b) => [...a, ...b],
  });

describe('mergeSessions', () => {
  it('opens a session [t, t + gap) for a value far from the others', () => {
    const { sessions, target, absorbed } = add([session(0, 10, [0])], 30);
    expect(sessions.map(({ start, end }) => [start, end])).toEqual([
      [0, 10],
      [30, 40],
    ]);
    expect(target).toMatchObject({ start: 30, end: 40, acc: [30], count: 1 });
    expect(absorbed).toEqual([]);
  });

  it('keeps a session as it is when the value falls inside without moving its bounds', () => {
    const existing = session(0, 25, [0, 15], { emitted: true, fired: true });
    const { target, absorbed } = add([existing], 12);
    expect(target).toBe(existing);
    expect(target).toMatchObject({ start: 0, end: 25, acc: [0, 15, 12], count: 3, emitted: true });
    expect(absorbed).toEqual([]);
  });

  it('extends a session into a new window, and says which one it replaced', () => {
    const existing = session(0, 10, [0]);
    const { sessions, target, absorbed } = add([existing], 5);
    expect(target).toMatchObject({ start: 0, end: 15, acc: [0, 5], count: 2, emitted: false });
    expect(absorbed).toEqual([existing]);
    expect(sessions).toEqual([target]);
  });

  it('bridges two sessions with a value between them', () => {
    const left = session(0, 10, [0]);
    const right = session(15, 25, [15]);
    const { sessions, target } = add([left, right, session(50, 60, [50])], 8);
    expect(target).toMatchObject({ start: 0, end: 25, acc: [0, 15, 8], count: 3 });
    expect(sessions.map(({ start }) => start)).toEqual([0, 50]);
  });

  it('keeps values exactly a gap apart in separate sessions', () => {
    expect(add([session(0, 10, [0])], 10).sessions).toHaveLength(2);
    expect(add([session(20, 30, [20])], 10).sessions).toHaveLength(2);
    expect(add([session(20, 30, [20])], 11).sessions).toHaveLength(1);
  });
});

it('mergeSessions shows each absorbed session before its accumulator is merged', () => {
  const seen: number[][] = [];
  const mutatingMerge = (a: number[], b: number[]) => {
    a.push(...b);
    return a;
  };
  mergeSessions([session(0, 10, [0]), session(15, 25, [15])], 8, {
    gapMs: GAP,
    accumulate: (acc) => [...(acc ?? []), 8],
    merge: mutatingMerge,
    onAbsorb: (absorbed) => seen.push([...absorbed.acc]),
  });
  expect(seen).toEqual([[0], [15]]);
});
