import { keyBytes } from './keyBytes.js';

/**
 * A 64-bit hash of a key for jump consistent hashing: FNV-1a 64 over the key's bytes (UTF-8 for
 * strings), then MurmurHash3's fmix64 finalizer.
 *
 * Why this pair: jump hash wants 64 well-mixed bits and reads mostly the top ones. FNV-1a 64 is tiny,
 * fully specified and has public test vectors; but alone it mixes the last bytes poorly into the high
 * bits (`user-1` and `user-2` differ in a few bits only), so fmix64 adds full avalanche. Widening
 * murmur2 to 64 bits instead would only ever carry 32 bits of entropy.
 *
 * The per-byte FNV loop runs in four 16-bit limbs, whose products stay exact in doubles, so no BigInt
 * is allocated per byte; BigInt is used only for the fixed steps of fmix64.
 */
export function keyHash64(key: string | Uint8Array): bigint {
  // FNV offset basis 0xcbf29ce484222325, least significant limb first.
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  const bytes = keyBytes(key);
  // An indexed loop: iterating a Buffer with for-of is several times slower, notably under jest's VM.
  for (let i = 0; i < bytes.length; i++) {
    h0 ^= bytes[i]!;
    // h * FNV prime (0x100000001b3 = 2^40 + 0x1b3) mod 2^64: h * 0x1b3 plus h shifted left by 40,
    // i.e. by two limbs and 8 bits; the largest partial sum (~2^26) is far below 2^53.
    const t0 = h0 * 0x1b3;
    const t1 = h1 * 0x1b3 + Math.floor(t0 / 0x10000);
    const t2 = h2 * 0x1b3 + h0 * 0x100 + Math.floor(t1 / 0x10000);
    const t3 = h3 * 0x1b3 + h1 * 0x100 + Math.floor(t2 / 0x10000);
    h0 = t0 % 0x10000;
    h1 = t1 % 0x10000;
    h2 = t2 % 0x10000;
    h3 = t3 % 0x10000;
  }
  const fnv = (BigInt(h3 * 0x10000 + h2) << 32n) | BigInt(h1 * 0x10000 + h0);
  return fmix64(fnv);
}

/** MurmurHash3's 64-bit finalizer (public domain, Austin Appleby). */
function fmix64(value: bigint): bigint {
  let k = value;
  k ^= k >> 33n;
  k = BigInt.asUintN(64, k * 0xff51afd7ed558ccdn);
  k ^= k >> 33n;
  k = BigInt.asUintN(64, k * 0xc4ceb9fe1a85ec53n);
  k ^= k >> 33n;
  return k;
}
