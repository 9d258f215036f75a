import { createKafkaClient, createProducer } from '@streamforge/kafka';
import { startKafka, uniqueName } from '@streamforge/testing';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { readCommitted } from './readCommitted.js';

/**
 * Two transactions interleaved in one partition and aborted in the opposite order from the one they
 * started in: the broker then lists them out of first-offset order, which kafkajs 2.2.4 mishandled
 * (patches/README.md). A read_committed reader must see neither, and everything committed around them.
 */
describe('read_committed with aborted transactions listed out of order', () => {
  let kafka: Kafka;
  let admin: Admin;

  beforeAll(async () => {
    const { brokers } = await startKafka();
    kafka = createKafkaClient({ brokers, clientId: uniqueName('abort-order') });
    admin = kafka.admin();
    await admin.connect();
  });
  afterAll(() => admin.disconnect());

  it('hides the records of both aborted transactions', async () => {
    const topic = uniqueName('abort-order');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    const early = createProducer(kafka, { transactionalId: uniqueName('abort-order-early') });
    const late = createProducer(kafka, { transactionalId: uniqueName('abort-order-late') });
    const plain = createProducer(kafka);
    const producers: Producer[] = [early, late, plain];
    await Promise.all(producers.map((producer) => producer.connect()));
    try {
      await plain.send({ topic, messages: [{ value: 'committed-before' }] });
      const earlyTx = await early.transaction();
      await earlyTx.send({ topic, messages: [{ value: 'aborted-started-first' }] });
      const lateTx = await late.transaction();
      await lateTx.send({ topic, messages: [{ value: 'aborted-started-second' }] });
      await earlyTx.send({ topic, messages: [{ value: 'aborted-started-first-again' }] });
      await lateTx.abort();
      await plain.send({ topic, messages: [{ value: 'committed-between' }] });
      await earlyTx.abort();
      const committedTx = await early.transaction();
      await committedTx.send({ topic, messages: [{ value: 'committed-in-transaction' }] });
      await committedTx.commit();
    } finally {
      await Promise.all(producers.map((producer) => producer.disconnect()));
    }

    const values = (await readCommitted(kafka, topic)).map((record) => record.value);
    expect(values).toEqual(['committed-before', 'committed-between', 'committed-in-transaction']);
  });
});
