import type { KafkaSourceRecord } from '../../datastream/KafkaSource.js';
import type { KafkaSinkRecord } from '../../datastream/KafkaSink.js';
import type { StreamGraph } from '../../datastream/StreamGraph.js';
import { StreamDefinitionError } from '../../errors.js';

/** What the Kafka runtime reads and writes for a job. */
export interface KafkaJobPlan {
  source: { id: string; topic: string; decode: (record: KafkaSourceRecord) => unknown };
  /** Sink id → its topic and encoder. */
  sinks: Map<string, { topic: string; encode: (value: unknown) => KafkaSinkRecord }>;
}

/**
 * One Kafka source and Kafka sinks only. A task per partition number of several topics would need
 * one transaction across their partitions' producers, which runTransactional (a producer per input
 * partition) does not give; listener and writer sinks would run outside the transaction.
 */
export function kafkaJobPlan(graph: StreamGraph): KafkaJobPlan {
  const sources = [...graph.sources.values()];
  const [source] = sources;
  if (sources.length !== 1 || !source?.kafka) {
    throw new StreamDefinitionError(
      `the Kafka runtime runs jobs with exactly one source, from Kafka; this one has ${sources
        .map((s) => `${s.id} (${s.kafka ? `topic ${s.kafka.topic}` : 'in memory'})`)
        .join(', ')}`,
    );
  }
  const sinks: KafkaJobPlan['sinks'] = new Map();
  for (const sink of graph.sinks) {
    if (sink.delivery.kind !== 'kafka') {
      throw new StreamDefinitionError(
        `sink ${sink.id} is not a Kafka sink: in the Kafka runtime every output goes to a topic, in the transaction`,
      );
    }
    sinks.set(sink.id, { topic: sink.delivery.topic, encode: sink.delivery.encode });
  }
  return { source: { id: source.id, ...source.kafka }, sinks };
}
