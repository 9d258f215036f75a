import { parseIncomingEvent } from '@streamforge/stream';
import { EventGenerator } from './EventGenerator.js';

describe('EventGenerator', () => {
  const options = { seed: 7, users: 50, startTime: Date.UTC(2024, 0, 15), namespace: 'run1-' };

  it('is deterministic for a seed', () => {
    expect(new EventGenerator(options).take(200)).toEqual(new EventGenerator(options).take(200));
    expect(new EventGenerator({ ...options, seed: 8 }).take(200)).not.toEqual(
      new EventGenerator(options).take(200),
    );
  });

  it('makes events the ingestion contract accepts, in event-time order, with the requested mix', () => {
    const events = new EventGenerator({ ...options, highValueShare: 0.2 }).take(5_000);
    for (const event of events)
      expect(parseIncomingEvent(event, { now: Date.UTC(2024, 1, 1) }).ok).toBe(true);
    const times = events.map((event) => Date.parse(event.timestamp));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const transactions = events.filter((event) => event.eventType === 'transaction');
    const highValue = transactions.filter((event) => (event.properties.amount as number) > 1000);
    expect(transactions.length / events.length).toBeGreaterThan(0.1);
    expect(highValue.length / transactions.length).toBeGreaterThan(0.15);
    expect(highValue.length / transactions.length).toBeLessThan(0.25);
    expect(new Set(events.map((event) => event.eventId)).size).toBe(events.length);
  });
});
