import type { RunTransactionalOptions, TransactionalBatch, TransactionalOutput } from '@streamforge/kafka';

// kafkajs types as @streamforge/kafka hands them over: this package reaches Kafka only through it.

/** A kafkajs client. */
export type KafkaClient = RunTransactionalOptions['kafka'];
/** A record as consumed. */
export type ConsumedMessage = TransactionalBatch['messages'][number];
/** A record to produce. */
export type OutgoingMessage = TransactionalOutput['messages'][number];
