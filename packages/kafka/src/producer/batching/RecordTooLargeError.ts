import { KafkaError } from '../../errors.js';

/** A record bigger than the whole buffer can never be accepted, so it is refused at once. */
export class RecordTooLargeError extends KafkaError {
  constructor(
    readonly topic: string,
    readonly recordBytes: number,
    readonly bufferMemory: number,
  ) {
    super(
      `a record of up to ${recordBytes} bytes to ${topic} can never fit in bufferMemory (${bufferMemory} bytes)`,
      { code: 'RECORD_TOO_LARGE', retriable: false, context: { topic } },
    );
  }
}
