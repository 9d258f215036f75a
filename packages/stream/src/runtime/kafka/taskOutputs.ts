import type { OutgoingMessage as Message } from './kafkaTypes.js';
import type { TransactionalOutput } from '@streamforge/kafka';
import type { KafkaSinkRecord } from '../../datastream/KafkaSink.js';
import type { LateRecord, TaskBatchResult } from '../Task.js';
import type { EncodedMutation } from './changelogCodec.js';
import type { KafkaJobPlan } from './kafkaJobPlan.js';

export interface OutputTopics {
  changelog: string;
  late?: { topic: string; partitions: number };
}

/** The JSON written to the late-data topic for each late record. */
export interface LateRecordJson {
  operator: string;
  timestamp: number;
  value: unknown;
}

/**
 * A task call's result as the records of one transaction: sink values to their topics, late records
 * to the late topic (partition = input partition modulo its partitions, so replays place them alike),
 * state changes to the changelog partition of the input partition.
 */
export function taskOutputs(
  plan: KafkaJobPlan,
  topics: OutputTopics,
  partition: number,
  result: TaskBatchResult,
  changes: readonly EncodedMutation[],
): TransactionalOutput[] {
  const byTopic = new Map<string, Message[]>();
  const add = (topic: string, message: Message) => {
    const messages = byTopic.get(topic);
    if (messages) messages.push(message);
    else byTopic.set(topic, [message]);
  };
  // In emission order across sinks, so that sinks sharing a topic interleave alike however the
  // input was batched (what makes a run and its replay write the same records).
  for (const { sink, value } of result.emitted) {
    const target = plan.sinks.get(sink);
    if (target) add(target.topic, toMessage(target.encode(value)));
  }
  if (topics.late) {
    const { topic, partitions } = topics.late;
    for (const late of result.late) {
      add(topic, { key: late.operator, value: lateJson(late), partition: partition % partitions });
    }
  }
  for (const { field, value } of changes) add(topics.changelog, { key: field, value, partition });
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

function lateJson({ operator, timestamp, value }: LateRecord): string {
  const json: LateRecordJson = { operator, timestamp, value };
  return JSON.stringify(json);
}

function toMessage(record: KafkaSinkRecord): Message {
  return {
    key: record.key ?? null,
    value: record.value,
    ...(record.headers ? { headers: { ...record.headers } } : {}),
    ...(record.partition === undefined ? {} : { partition: record.partition }),
    ...(record.timestamp === undefined ? {} : { timestamp: String(record.timestamp) }),
  };
}
