import { murmur2 } from './murmur2.js';
import { toPositive } from './toPositive.js';

describe('murmur2', () => {
  // Kafka's UtilsTest.testMurmur2 vectors, re-checked against Utils.murmur2 from kafka-clients 3.9.2.
  it.each([
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
    ['', 275646681],
  ])('hashes %j like the Java client', (key, expected) => {
    expect(murmur2(key)).toBe(expected);
    expect(murmur2(Buffer.from(key, 'utf8'))).toBe(expected);
  });

  // Bytes >= 0x80 are negative in Java: these catch a missing `& 0xff` or sign extension, and
  // cover every tail length (1, 2, 3, and 4+1) of the switch fallthrough. Values from kafka-clients 3.9.2.
  it.each([
    [[0xff], -311467685],
    [[0x80, 0xff], -80095470],
    [[0xff, 0xfe, 0x80], -160726397],
    [[0xff, 0xfe, 0x80, 0x7f, 0x00], -199883469],
    [[0, 0, 0, 0], 850957120],
  ])('hashes bytes %j like the Java client', (bytes, expected) => {
    expect(murmur2(Uint8Array.from(bytes))).toBe(expected);
  });

  it('hashes strings as UTF-8', () => {
    expect(murmur2('héllo 中文 😀')).toBe(murmur2(Buffer.from('héllo 中文 😀', 'utf8')));
    expect(murmur2('é')).not.toBe(murmur2(Buffer.from('é', 'latin1')));
  });

  it('returns a signed 32-bit integer', () => {
    for (let i = 0; i < 1000; i++) {
      const hash = murmur2(`key-${i}`);
      expect(hash).toBe(hash | 0);
    }
  });
});

describe('toPositive', () => {
  it('clears the sign bit instead of negating', () => {
    expect(toPositive(5)).toBe(5);
    expect(toPositive(-1)).toBe(0x7fffffff);
    expect(toPositive(-973932308)).toBe(-973932308 & 0x7fffffff);
    expect(toPositive(-2147483648)).toBe(0);
  });
});
