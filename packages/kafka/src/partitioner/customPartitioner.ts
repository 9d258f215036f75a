import type { ICustomPartitioner, Message, PartitionMetadata } from 'kafkajs';
import { explicitPartition } from './explicitPartition.js';
import { PartitionerError } from './PartitionerError.js';

/** What a custom partition function may look at besides the key. */
export interface PartitionContext {
  topic: string;
  message: Message;
  partitionMetadata: PartitionMetadata[];
}

/** Returns the partition for `key` (null when the message has none), an integer in [0, numPartitions). */
export type PartitionFunction = (
  key: Buffer | string | null,
  numPartitions: number,
  context: PartitionContext,
) => number;

/**
 * Turns a plain `(key, numPartitions) => partition` function into a kafkajs partitioner, checking
 * every answer. Without the check a wrong answer (NaN, 3.5, -1, numPartitions) reaches kafkajs, which
 * groups messages under it and fails later with a broker error that names neither the function nor
 * the cause. A message with an explicit `partition` keeps it and does not reach `fn`.
 */
export function customPartitioner(fn: PartitionFunction): ICustomPartitioner {
  return () =>
    ({ topic, partitionMetadata, message }) => {
      const chosen = explicitPartition(message);
      if (chosen !== undefined) return chosen;
      const numPartitions = partitionMetadata.length;
      let partition: number;
      try {
        partition = fn(message.key ?? null, numPartitions, { topic, message, partitionMetadata });
      } catch (error) {
        throw new PartitionerError(`custom partitioner threw for topic ${topic}: ${String(error)}`, {
          topic,
          code: 'PARTITIONER_FAILED',
          cause: error,
        });
      }
      if (!Number.isInteger(partition) || partition < 0 || partition >= numPartitions) {
        throw new PartitionerError(
          `custom partitioner returned ${String(partition)} for topic ${topic}, ` +
            `which has ${numPartitions} partitions: expected an integer in [0, ${numPartitions})`,
          { topic },
        );
      }
      return partition;
    };
}
