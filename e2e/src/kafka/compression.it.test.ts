import type { Compression } from '@streamforge/kafka';
import { createConsumer, createKafkaClient, createProducer } from '@streamforge/kafka';
import { ensureKafkaLibraries, silentLog, streamforgeCacheDir } from '@streamforge/local-infra';
import type { KafkaSettings } from '@streamforge/testing';
import { LocalKafkaCluster, startKafka, uniqueName, waitFor } from '@streamforge/testing';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every codec round-trips through the real broker, on the plain and the transactional path. */
describe('record-batch compression', () => {
  let kafka: Kafka;
  let settings: KafkaSettings;
  const topics = new Map<Compression, string>();

  beforeAll(async () => {
    settings = await startKafka();
    kafka = createKafkaClient({ brokers: settings.brokers, clientId: uniqueName('codecs') });
  });

  const codecs: Compression[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

  it.each(codecs)('%s: what is produced is consumed unchanged', async (compression) => {
    const topic = uniqueName(`codec-${compression}`);
    topics.set(compression, topic);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    await admin.disconnect();

    // Repetitive JSON compresses well; the odd random record keeps every codec honest.
    const sent = Array.from({ length: 400 }, (_, i) => ({
      key: `user-${i % 17}`,
      value: JSON.stringify({ i, eventType: 'page_view', page: `/products/${i % 9}`, noise: Math.random() }),
      headers: { 'event-id': `e-${i}` },
    }));
    const plain = createProducer(kafka, { compression });
    const transactional = createProducer(kafka, {
      compression,
      transactionalId: uniqueName(`tx-${compression}`),
    });
    await Promise.all([plain.connect(), transactional.connect()]);
    await plain.send({ topic, messages: sent.slice(0, 200) });
    const transaction = await transactional.transaction();
    await transaction.sendBatch({ topicMessages: [{ topic, messages: sent.slice(200) }] });
    await transaction.commit();
    await Promise.all([plain.disconnect(), transactional.disconnect()]);

    const received: KafkaMessage[] = [];
    const { consumer } = createConsumer(kafka, { groupId: uniqueName(`codec-reader-${compression}`) });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void received.push(message) });
    try {
      await waitFor(() => received.length >= sent.length, {
        timeoutMs: 30_000,
        description: `${sent.length} ${compression} records`,
      });
    } finally {
      await consumer.disconnect();
    }
    const decoded = received.map((message) => ({
      key: message.key?.toString(),
      value: message.value?.toString(),
      headers: { 'event-id': message.headers?.['event-id']?.toString() },
    }));
    const byIndex = (a: { value?: string }, b: { value?: string }) =>
      (JSON.parse(a.value ?? '{}') as { i: number }).i - (JSON.parse(b.value ?? '{}') as { i: number }).i;
    expect(decoded.sort(byIndex)).toEqual(sent);
  });

  /**
   * Consuming back proves the codecs agree with themselves; Kafka's own log dump proves the broker got
   * batches in each codec and that Java decodes them. It reads the broker's files: local launcher only.
   */
  it("stored each topic's batches with its codec, readable by Kafka's Java code", async () => {
    if (settings.source !== 'local' || settings.localClusterName === undefined) {
      console.warn(
        `the broker's files are not on this machine (${settings.source} Kafka): log dump check skipped`,
      );
      return;
    }
    expect([...topics.keys()]).toEqual(codecs);
    const [cluster] = await new LocalKafkaCluster().status({ name: settings.localClusterName });
    const dataDir = join(cluster?.clusterDir ?? '', 'node-1', 'data');
    const { classpath } = await ensureKafkaLibraries(streamforgeCacheDir(), silentLog);
    const segments = (topic: string): string[] =>
      [0, 1]
        .map((partition) => join(dataDir, `${topic}-${partition}`))
        .filter((dir) => existsSync(dir))
        .flatMap((dir) =>
          readdirSync(dir)
            .filter((file) => file.endsWith('.log'))
            .map((file) => join(dir, file)),
        );

    for (const [compression, topic] of topics) {
      const dump = execFileSync(
        'java',
        [
          '-cp',
          classpath,
          'kafka.tools.DumpLogSegments',
          '--deep-iteration',
          '--files',
          segments(topic).join(','),
        ],
        { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      );
      // Transaction markers are control batches, never compressed: only data batches count.
      const dataBatches = [...dump.matchAll(/count: (\d+) .*isControl: false .*compresscodec: (\w+)/g)];
      const stored = new Set(dataBatches.map((batch) => batch[2]));
      expect({ compression, stored: [...stored] }).toEqual({ compression, stored: [compression] });
      expect(dataBatches.reduce((records, batch) => records + Number(batch[1]), 0)).toBe(400);
    }
  });
});
