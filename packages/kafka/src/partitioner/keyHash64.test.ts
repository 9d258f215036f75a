import { keyHash64 } from './keyHash64.js';

describe('keyHash64', () => {
  // fmix64(fnv1a64(bytes)), from a C reference (FNV-1a 64 of '' is its offset basis 0xcbf29ce484222325).
  it.each([
    ['', 0xefd01f60ba992926n],
    ['a', 0x82a2a958a9bece5bn],
    ['foobar', 0x2c22194922d1672bn],
    ['user-1', 0x41a2fca5c68401c5n],
    ['user-2', 0xa9f4ad0c2263143bn],
    ['héllo', 0xc185412747a0264dn],
  ])('hashes %j like the reference', (key, expected) => {
    expect(keyHash64(key)).toBe(expected);
    expect(keyHash64(Buffer.from(key, 'utf8'))).toBe(expected);
  });

  it('spreads keys that differ in their last byte over the high bits jump hash reads', () => {
    const tops = new Set<bigint>();
    for (let i = 0; i < 256; i++) tops.add(keyHash64(`user-${i}`) >> 56n);
    expect(tops.size).toBeGreaterThan(140); // 256 draws from 256 values: ~162 distinct if uniform
  });
});
