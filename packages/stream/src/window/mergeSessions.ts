/** A session window of one key with its accumulator, as kept in state. */
export interface Session<A> {
  start: number;
  end: number;
  acc: A;
  count: number;
  /** Some result (early, on-time or late) was emitted for exactly [start, end). */
  emitted: boolean;
  /** The watermark passed end − 1 and the on-time (or a late) result was emitted. */
  fired: boolean;
}

export interface SessionMerge<A> {
  /** The key's sessions afterwards, by start. */
  sessions: Session<A>[];
  /** The session the value ended up in. */
  target: Session<A>;
  /** Sessions that no longer exist because they became part of `target`. */
  absorbed: Session<A>[];
}

export interface SessionMergeOptions<A> {
  gapMs: number;
  /** Adds the value to an accumulator (a fresh one when given undefined). */
  accumulate: (acc: A | undefined) => A;
  merge: (a: A, b: A) => A;
  /** Called for each session about to be absorbed, while its accumulator is still untouched. */
  onAbsorb?: (session: Session<A>) => void;
}

/**
 * Adds a value at `timestamp` to a key's sessions (disjoint, by start): its window [t, t + gap) joins
 * every session it overlaps. Sessions are disjoint, so one pass finds them all. A value that falls
 * inside a session without moving its bounds keeps that session as it was (no merge, no retraction).
 * Absorbed sessions are merged in start order, then the value is added.
 */
export function mergeSessions<A>(
  sessions: readonly Session<A>[],
  timestamp: number,
  options: SessionMergeOptions<A>,
): SessionMerge<A> {
  const start = timestamp;
  const end = timestamp + options.gapMs;
  const kept: Session<A>[] = [];
  const overlapping: Session<A>[] = [];
  for (const session of sessions) {
    if (session.start < end && start < session.end) overlapping.push(session);
    else kept.push(session);
  }

  const [only] = overlapping;
  if (overlapping.length === 1 && only && only.start <= start && end <= only.end) {
    only.acc = options.accumulate(only.acc);
    only.count++;
    return { sessions: [...sessions], target: only, absorbed: [] };
  }

  for (const session of overlapping) options.onAbsorb?.(session);
  let merged: A | undefined;
  let count = 1;
  let mergedStart = start;
  let mergedEnd = end;
  for (const session of overlapping) {
    merged = merged === undefined ? session.acc : options.merge(merged, session.acc);
    count += session.count;
    mergedStart = Math.min(mergedStart, session.start);
    mergedEnd = Math.max(mergedEnd, session.end);
  }
  const acc = options.accumulate(merged);
  const target: Session<A> = { start: mergedStart, end: mergedEnd, acc, count, emitted: false, fired: false };
  kept.push(target);
  kept.sort((a, b) => a.start - b.start);
  return { sessions: kept, target, absorbed: overlapping };
}
