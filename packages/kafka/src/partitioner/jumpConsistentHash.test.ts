import { jumpConsistentHash } from './jumpConsistentHash.js';

describe('jumpConsistentHash', () => {
  // From the paper's C++ compiled with gcc (uint64_t key, doubles for the jump).
  it.each([
    [0n, 65536, 0],
    [1n, 7, 6],
    [1n, 100, 55],
    [1n, 65536, 21134],
    [0xdeadbeefn, 2, 1],
    [0xdeadbeefn, 7, 5],
    [0xdeadbeefn, 100, 87],
    [0xdeadbeefn, 65536, 64244],
    [0xffffffffffffffffn, 7, 2],
    [0xffffffffffffffffn, 100, 92],
    [0xffffffffffffffffn, 65536, 18311],
    [123456789012345n, 7, 2],
    [123456789012345n, 100, 76],
    [123456789012345n, 65536, 16590],
  ])('maps key %s into %i buckets like the reference', (key, buckets, expected) => {
    expect(jumpConsistentHash(key, buckets)).toBe(expected);
  });

  it('puts every key in bucket 0 when there is one bucket', () => {
    expect(jumpConsistentHash(0xdeadbeefn, 1)).toBe(0);
  });

  it('rejects a bucket count that is not a positive integer', () => {
    expect(() => jumpConsistentHash(1n, 0)).toThrow(RangeError);
    expect(() => jumpConsistentHash(1n, 2.5)).toThrow(RangeError);
  });
});
