// What readHeaders accepts and withHeaders writes: one rule for both directions.

/** Schema registry ids are Java ints, and the wire format's prefix holds them in 4 bytes. */
export function isSchemaId(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= 0x7fffffff;
}

/** Offsets are non-negative Java longs, in decimal as kafkajs spells them. */
export function isOffset(value: string): boolean {
  return /^(0|[1-9][0-9]{0,18})$/.test(value);
}
