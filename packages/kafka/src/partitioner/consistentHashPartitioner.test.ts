import { consistentHashPartitioner } from './consistentHashPartitioner.js';
import { metadata } from './__tests__/partitionerTestKit.js';

const KEYS = Array.from({ length: 100_000 }, (_, i) => `user-${i}`);

function placeAll(numPartitions: number): Int32Array {
  const partition = consistentHashPartitioner()();
  const partitionMetadata = metadata(numPartitions);
  return Int32Array.from(KEYS, (key) =>
    partition({ topic: 't', partitionMetadata, message: { key, value: null } }),
  );
}

describe('consistentHashPartitioner', () => {
  it.each([4, 12, 31])(
    'going from %i to N+1 partitions moves ~1/(N+1) of keys, all onto the new one',
    (n) => {
      const before = placeAll(n);
      const after = placeAll(n + 1);
      let moved = 0;
      let movedElsewhere = 0;
      for (let i = 0; i < KEYS.length; i++) {
        if (before[i] === after[i]) continue;
        moved += 1;
        if (after[i] !== n) movedElsewhere += 1;
      }
      expect(movedElsewhere).toBe(0);
      const expected = KEYS.length / (n + 1);
      // Binomial sd is under 0.5% of the keys here; 5% relative slack is > 4 sd for N=4.
      expect(moved).toBeLessThanOrEqual(expected * 1.05);
      expect(moved).toBeGreaterThanOrEqual(expected * 0.95);
    },
  );

  it('spreads keys over 12 partitions within ±10% of uniform', () => {
    const counts = new Array<number>(12).fill(0);
    for (const partition of placeAll(12)) counts[partition] = (counts[partition] ?? 0) + 1;
    const uniform = KEYS.length / 12;
    for (const count of counts) {
      expect(count).toBeGreaterThanOrEqual(uniform * 0.9);
      expect(count).toBeLessThanOrEqual(uniform * 1.1);
    }
  });

  it('places string and Buffer keys alike and keeps an explicit partition', () => {
    const partition = consistentHashPartitioner()();
    const partitionMetadata = metadata(12);
    // 'foobar' → bucket 11 of 12 in the C reference (see keyHash64/jumpConsistentHash tests).
    expect(partition({ topic: 't', partitionMetadata, message: { key: 'foobar', value: null } })).toBe(11);
    expect(
      partition({ topic: 't', partitionMetadata, message: { key: Buffer.from('foobar'), value: null } }),
    ).toBe(11);
    expect(
      partition({ topic: 't', partitionMetadata, message: { key: 'foobar', value: null, partition: 3 } }),
    ).toBe(3);
  });

  it('handles null keys like the murmur2 partitioner (round-robin here)', () => {
    const partition = consistentHashPartitioner({ nullKeys: 'round-robin', random: () => 0 })();
    const partitionMetadata = metadata(3);
    const sent = [0, 1, 2, 3].map(() =>
      partition({ topic: 't', partitionMetadata, message: { value: 'v' } }),
    );
    expect(sent).toEqual([0, 1, 2, 0]);
  });
});
