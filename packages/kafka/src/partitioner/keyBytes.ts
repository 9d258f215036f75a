/**
 * The bytes a key is hashed as. Strings become UTF-8, which is what kafkajs puts on the wire and what
 * Java's StringSerializer produces, so that hashing the string and hashing the sent bytes agree.
 */
export function keyBytes(key: string | Uint8Array): Uint8Array {
  return typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
}
