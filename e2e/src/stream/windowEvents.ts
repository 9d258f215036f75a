import { createProducer, murmur2 } from '@streamforge/kafka';
import type { Kafka } from 'kafkajs';
import type { WindowEvent } from './windowJob.js';

export interface WindowEventsOptions {
  seed: number;
  events: number;
  keys: number;
  partitions: number;
  /** Event time advances about this much per event. */
  stepMs: number;
  /** Most events arrive up to this late (the watermark bound). */
  boundMs: number;
  /** This share arrives up to maxDelayMs late: some within the allowed lateness, some beyond. */
  delayedShare: number;
  maxDelayMs: number;
  /** This share of timestamps sits on a `gridMs` grid, so values meet window bounds and watermarks exactly. */
  gridShare: number;
  gridMs: number;
}

/** An event with the input partition it goes to (the Java client's murmur2 of its key). */
export interface PlacedEvent extends WindowEvent {
  partition: number;
}

/** mulberry32, seeded: the same events on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function partitionOfKey(key: string, partitions: number): number {
  return (murmur2(key) & 0x7fffffff) % partitions;
}

/**
 * Events in arrival order: each is made at an event time and arrives after a delay, within the bound
 * for most and much later for a few; arrival order is event time + delay.
 */
export function windowEvents(options: WindowEventsOptions): PlacedEvent[] {
  const random = seededRandom(options.seed);
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const generated = Array.from({ length: options.events }, (_, id) => {
    const key = `user-${between(0, options.keys - 1)}`;
    let t = 1_000_000 + id * options.stepMs + between(0, options.stepMs - 1);
    const roll = random();
    if (roll < options.gridShare) t = Math.ceil(t / options.gridMs) * options.gridMs;
    else if (roll < options.gridShare + 0.01) t = Math.ceil(t / options.gridMs) * options.gridMs - 1;
    const delay =
      random() < options.delayedShare
        ? between(options.boundMs, options.maxDelayMs)
        : between(0, options.boundMs);
    const event: PlacedEvent = {
      id,
      key,
      t,
      amount: between(1, 100),
      partition: partitionOfKey(key, options.partitions),
    };
    return { event, arrival: t + delay };
  });
  return generated.sort((a, b) => a.arrival - b.arrival || a.event.id - b.event.id).map(({ event }) => event);
}

/**
 * Writes the events in arrival order to their partitions, then an "end" record far ahead in event
 * time on every partition, which closes every window (each partition's task has its own watermark).
 * `onChunk` runs after each acknowledged chunk, for tests that pace the input.
 */
export async function produceWindowEvents(
  kafka: Kafka,
  topic: string,
  events: readonly PlacedEvent[],
  partitions: number,
  options: { chunk?: number; onChunk?: () => Promise<void> } = {},
): Promise<void> {
  const producer = createProducer(kafka);
  await producer.connect();
  try {
    const chunk = options.chunk ?? 5_000;
    for (let start = 0; start < events.length; start += chunk) {
      const messages = events.slice(start, start + chunk).map(({ partition, ...event }) => ({
        key: event.key,
        value: JSON.stringify(event),
        partition,
      }));
      await producer.send({ topic, messages });
      await options.onChunk?.();
    }
    const lastT = events.reduce((max, event) => Math.max(max, event.t), 0);
    await producer.send({
      topic,
      messages: Array.from({ length: partitions }, (_, partition) => ({
        key: 'end',
        value: JSON.stringify({
          id: -1 - partition,
          key: 'end',
          t: lastT + 10_000_000,
          amount: 0,
          kind: 'end',
        }),
        partition,
      })),
    });
  } finally {
    await producer.disconnect();
  }
}
