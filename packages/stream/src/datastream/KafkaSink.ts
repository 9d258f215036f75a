/** What a Kafka sink writes for one value: the record, without kafkajs types. */
export interface KafkaSinkRecord {
  key?: string | Buffer | null;
  value: string | Buffer | null;
  headers?: Readonly<Record<string, string>>;
  /** By default murmur2 of the key, as the Java client does. */
  partition?: number;
  /** Epoch ms; by default the time of writing. Set it when replays must write identical records. */
  timestamp?: number;
}

/** Turns a sink's value into the record written to its topic. */
export type KafkaSinkEncoder<T> = (value: T) => KafkaSinkRecord;
