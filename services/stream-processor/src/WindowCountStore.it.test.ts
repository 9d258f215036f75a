import { startPostgres, uniqueName } from '@streamforge/testing';
import { Pool } from 'pg';
import type { CountedRecord } from './WindowCountStore.js';
import { WindowCountStore } from './WindowCountStore.js';

/** The Postgres sink on a real Postgres: redelivered and overlapping batches are counted once. */
describe('WindowCountStore', () => {
  let pool: Pool;
  let store: WindowCountStore;
  const group = uniqueName('counts');
  const eventType = uniqueName('type');
  const position = { clusterId: 'cluster-a', consumerGroup: group, topic: 'events.raw', partition: 3 };
  const record = (offset: number, windowStart = 60_000): CountedRecord => ({
    offset: String(offset),
    eventType,
    windowStart,
    windowEnd: windowStart + 60_000,
  });

  beforeAll(async () => {
    pool = new Pool({ connectionString: (await startPostgres()).url, max: 4 });
    store = new WindowCountStore(pool);
  });
  afterAll(async () => {
    await pool.query('DELETE FROM window_counts WHERE event_type = $1', [eventType]);
    await pool.query('DELETE FROM consumer_offsets WHERE consumer_group = $1', [group]);
    await pool.end();
  });

  const countOf = async (windowStart: number) =>
    (await store.query({ eventType, from: windowStart, to: windowStart + 1, limit: 10 }))[0]?.count;

  it('adds a batch, ignores its redelivery and counts only the new part of an overlapping one', async () => {
    expect(await store.add(position, [record(0), record(1), record(2, 120_000)])).toEqual([
      { eventType, windowStart: 60_000, windowEnd: 120_000, count: 2 },
      { eventType, windowStart: 120_000, windowEnd: 180_000, count: 1 },
    ]);
    expect(await store.add(position, [record(0), record(1), record(2, 120_000)])).toEqual([]);
    await store.add(position, [record(1), record(2, 120_000), record(3), record(4)]);
    expect(await countOf(60_000)).toBe(4);
    expect(await countOf(120_000)).toBe(1);
  });

  it('moves the offset past dead letters without counting them', async () => {
    await store.add(position, [{ offset: '5' }, record(6)]);
    expect(await countOf(60_000)).toBe(5);
    expect(await store.add(position, [record(6)])).toEqual([]);
  });

  it('keeps offsets per partition and per Kafka cluster', async () => {
    await store.add({ ...position, partition: 4 }, [record(0)]);
    await store.add({ ...position, clusterId: 'cluster-b' }, [record(0)]);
    expect(await countOf(60_000)).toBe(7);
  });

  it('counts each record once when instances race for the same partition', async () => {
    const racing = { ...position, partition: 9 };
    const batch = Array.from({ length: 50 }, (_, i) => record(i, 600_000));
    // Instances that both hold the partition fetch from the same committed offset, so their batches
    // start alike and differ only in how far they reach. (A batch starting past the stored offset
    // cannot be told from a legitimate offset gap, such as a transaction marker, and is applied.)
    await Promise.all([
      store.add(racing, batch),
      store.add(racing, batch),
      store.add(racing, batch.slice(0, 30)),
    ]);
    expect(await countOf(600_000)).toBe(50);
  });
});
