import { KafkaError } from '../../errors.js';

/**
 * `send()` waited `maxBlockMs` for room in the buffer and got none: records are produced faster than
 * the cluster acknowledges them. Retriable, since room frees up as batches are acknowledged, but a
 * caller that keeps retrying at once only moves the queue into its own memory.
 */
export class BufferExhaustedError extends KafkaError {
  constructor(
    readonly topic: string,
    readonly recordBytes: number,
    readonly bufferMemory: number,
    readonly maxBlockMs: number,
  ) {
    super(
      `no room for a ${recordBytes}-byte record to ${topic} within maxBlockMs (${maxBlockMs} ms): ` +
        `the ${bufferMemory}-byte bufferMemory is full of records not yet acknowledged`,
      { code: 'BUFFER_EXHAUSTED', retriable: true, context: { topic } },
    );
  }
}
