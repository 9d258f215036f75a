import { createKafkaClient } from '@streamforge/kafka';
import Redis from 'ioredis';
import { Client } from 'pg';
import { startKafka } from './startKafka.js';
import { startPostgres } from './startPostgres.js';
import { startRedis } from './startRedis.js';

describe('infrastructure starters', () => {
  it('startKafka returns brokers that serve metadata, with the catalogue topics created', async () => {
    const [kafka, again] = await Promise.all([startKafka(), startKafka()]);
    expect(again).toBe(kafka);
    expect(kafka.brokers.length).toBeGreaterThan(0);
    const admin = createKafkaClient({ brokers: kafka.brokers, clientId: 'testing-it' }).admin();
    await admin.connect();
    try {
      expect((await admin.describeCluster()).brokers.length).toBeGreaterThanOrEqual(1);
      expect(await admin.listTopics()).toEqual(
        expect.arrayContaining(['events.raw', 'metrics.aggregates', 'alerts.events']),
      );
    } finally {
      await admin.disconnect();
    }
  }, 180_000);

  it('startRedis returns a URL that answers PING', async () => {
    const { url } = await startRedis();
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      expect(await redis.ping()).toBe('PONG');
    } finally {
      redis.disconnect();
    }
  });

  it('startPostgres returns a migrated database', async () => {
    const { url } = await startPostgres();
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      expect((await client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
      const tables = await client.query<{ table_name: string }>(
        `select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
      );
      expect(tables.rows.map((row) => row.table_name)).toEqual(
        expect.arrayContaining(['alerts', 'consumer_offsets', 'window_counts']),
      );
    } finally {
      await client.end();
    }
  });
});
