import { KafkaError } from '../errors.js';

/**
 * A Kafka offset (kafkajs hands them over as decimal strings) as a number. Offsets are int64, but a
 * partition would need 2^53 records to leave the range a double counts exactly, so numbers are used
 * for speed and readable arithmetic, and anything outside that range fails loudly instead of rounding.
 */
export function offsetNumber(offset: string): number {
  const value = Number(offset);
  if (!Number.isSafeInteger(value) || value < 0)
    throw new KafkaError(`offset ${offset} is not a non-negative integer below 2^53`, {
      code: 'OFFSET_OUT_OF_RANGE',
      retriable: false,
      context: { offset },
    });
  return value;
}
