import { keyBytes } from './keyBytes.js';

/** Java's `Utils.murmur2` seed; any other seed would put keys on other partitions than Java clients. */
const SEED = 0x9747b28c;
const M = 0x5bd1e995;
const R = 24;

/**
 * MurmurHash2 (32-bit) exactly as Kafka's Java client computes it in `Utils.murmur2`, returning the
 * same signed 32-bit int. Strings are hashed as their UTF-8 bytes, as Java's StringSerializer sends them.
 *
 * Java's int arithmetic wraps at 32 bits; `Math.imul` and `| 0` reproduce that, and `>>>` is Java's
 * unsigned shift. Bytes are read unsigned (`& 0xff` in Java, a Uint8Array here).
 */
export function murmur2(key: string | Uint8Array): number {
  const data = keyBytes(key);
  const length = data.length;
  let h = (SEED ^ length) | 0;
  const length4 = length >>> 2;

  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    let k = data[i4]! | (data[i4 + 1]! << 8) | (data[i4 + 2]! << 16) | (data[i4 + 3]! << 24) | 0;
    k = Math.imul(k, M);
    k ^= k >>> R;
    k = Math.imul(k, M);
    h = Math.imul(h, M);
    h ^= k;
  }

  // The trailing 1-3 bytes: Java's switch falls through from case 3 to case 1, so each case also
  // mixes in every byte below it; the ifs below are that fallthrough unrolled.
  const tail = length & ~3;
  const remaining = length % 4;
  if (remaining >= 3) h ^= data[tail + 2]! << 16;
  if (remaining >= 2) h ^= data[tail + 1]! << 8;
  if (remaining >= 1) {
    h ^= data[tail]!;
    h = Math.imul(h, M);
  }

  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}
