/**
 * Brute-force batch computation of windowed aggregates over events in arrival order, written apart
 * from the engine: it shares no code with it, only the documented semantics.
 */
import type { OracleEvent } from './outOfOrderEvents.js';

export interface Totals {
  count: number;
  sum: number;
}

export interface OracleResult {
  /** `${key} ${start} ${end}` → totals of the values each window accepted. */
  windows: Map<string, Totals>;
  /** Ids of the events that no window took, in arrival order. */
  late: number[];
}

/** The watermark each event met: before it, max(previous, min over partitions of max t − bound − 1). */
export function watermarksOnArrival(
  events: readonly OracleEvent[],
  partitions: number,
  boundMs: number,
): number[] {
  const maxT = new Array<number>(partitions).fill(Number.NEGATIVE_INFINITY);
  let watermark = Number.NEGATIVE_INFINITY;
  return events.map((event) => {
    const seen = watermark;
    maxT[event.partition] = Math.max(maxT[event.partition] ?? Number.NEGATIVE_INFINITY, event.t);
    watermark = Math.max(watermark, Math.min(...maxT) - boundMs - 1);
    return seen;
  });
}

function add(windows: Map<string, Totals>, id: string, amount: number): void {
  const totals = windows.get(id) ?? { count: 0, sum: 0 };
  totals.count++;
  totals.sum += amount;
  windows.set(id, totals);
}

/** Windows of `size` starting every `slide` (slide = size: tumbling); a window takes an event until end − 1 + lateness ≤ watermark. */
export function slidingOracle(
  events: readonly OracleEvent[],
  watermarks: readonly number[],
  sizeMs: number,
  slideMs: number,
  latenessMs: number,
): OracleResult {
  const windows = new Map<string, Totals>();
  const late: number[] = [];
  events.forEach((event, index) => {
    const watermark = watermarks[index] as number;
    let taken = false;
    for (let start = Math.floor(event.t / slideMs) * slideMs; start > event.t - sizeMs; start -= slideMs) {
      const end = start + sizeMs;
      if (end - 1 + latenessMs <= watermark) continue;
      add(windows, `${event.key} ${start} ${end}`, event.amount);
      taken = true;
    }
    if (!taken) late.push(event.id);
  });
  return { windows, late };
}

/** Sessions: an event is late when t + gap − 1 + lateness ≤ watermark; the others split per key at gaps ≥ gap. */
export function sessionOracle(
  events: readonly OracleEvent[],
  watermarks: readonly number[],
  gapMs: number,
  latenessMs: number,
): OracleResult {
  const late: number[] = [];
  const byKey = new Map<string, OracleEvent[]>();
  events.forEach((event, index) => {
    if (event.t + gapMs - 1 + latenessMs <= (watermarks[index] as number)) {
      late.push(event.id);
      return;
    }
    const accepted = byKey.get(event.key);
    if (accepted) accepted.push(event);
    else byKey.set(event.key, [event]);
  });
  const windows = new Map<string, Totals>();
  for (const [key, accepted] of byKey) {
    const sorted = [...accepted].sort((a, b) => a.t - b.t);
    let session: OracleEvent[] = [];
    const close = () => {
      const first = session[0] as OracleEvent;
      const last = session[session.length - 1] as OracleEvent;
      windows.set(`${key} ${first.t} ${last.t + gapMs}`, {
        count: session.length,
        sum: session.reduce((sum, event) => sum + event.amount, 0),
      });
    };
    for (const event of sorted) {
      const previous = session[session.length - 1];
      if (previous && event.t - previous.t >= gapMs) {
        close();
        session = [];
      }
      session.push(event);
    }
    close();
  }
  return { windows, late };
}
