import type { Message } from 'kafkajs';
import { murmur2 } from './murmur2.js';
import { murmur2Partitioner } from './murmur2Partitioner.js';
import { PartitionerError } from './PartitionerError.js';
import { metadata, seeded } from './__tests__/partitionerTestKit.js';

const message = (key: Message['key'], value: string | null = 'v', partition?: number): Message => ({
  key,
  value,
  ...(partition === undefined ? {} : { partition }),
});

describe('murmur2Partitioner', () => {
  it('places keys at toPositive(murmur2(key)) % numPartitions over all partitions', () => {
    const partition = murmur2Partitioner()();
    expect(partition({ topic: 't', partitionMetadata: metadata(12), message: message('21') })).toBe(
      (murmur2('21') & 0x7fffffff) % 12,
    );
    expect(partition({ topic: 't', partitionMetadata: metadata(12), message: message('foobar') })).toBe(
      (-790332482 & 0x7fffffff) % 12,
    );
    // A leaderless partition still gets its keys, as in Java: a key never moves while a broker is down.
    const target = (murmur2('foobar') & 0x7fffffff) % 12;
    expect(
      partition({ topic: 't', partitionMetadata: metadata(12, [target]), message: message('foobar') }),
    ).toBe(target);
  });

  it('hashes Buffer and string keys alike, and the empty key as a key', () => {
    const partition = murmur2Partitioner()();
    const args = (key: Message['key']) => ({
      topic: 't',
      partitionMetadata: metadata(100),
      message: message(key),
    });
    expect(partition(args(Buffer.from('héllo')))).toBe(partition(args('héllo')));
    expect(partition(args(''))).toBe((275646681 & 0x7fffffff) % 100);
  });

  it('keeps an explicit message.partition', () => {
    const partition = murmur2Partitioner()();
    expect(partition({ topic: 't', partitionMetadata: metadata(12), message: message('21', 'v', 7) })).toBe(
      7,
    );
    expect(partition({ topic: 't', partitionMetadata: metadata(12), message: message(null, 'v', 0) })).toBe(
      0,
    );
  });

  it('throws a PartitionerError when the topic has no partitions', () => {
    const partition = murmur2Partitioner()();
    expect(() => partition({ topic: 'empty', partitionMetadata: [], message: message('k') })).toThrow(
      PartitionerError,
    );
  });

  it('rejects bad options up front', () => {
    expect(() => murmur2Partitioner({ stickyBytes: 0 })).toThrow(/stickyBytes/);
    expect(() => murmur2Partitioner({ nullKeys: 'random' as 'sticky' })).toThrow(/nullKeys/);
  });

  describe('sticky null keys', () => {
    it('keeps one partition per topic until stickyBytes of values were sent', () => {
      const partition = murmur2Partitioner({ stickyBytes: 10, random: seeded(1) })();
      const send = (topic: string) =>
        partition({ topic, partitionMetadata: metadata(6), message: message(null, 'abcd') });
      const first = [send('a'), send('a'), send('a')]; // the third starts below the 10-byte limit
      expect(new Set(first).size).toBe(1);
      const next = send('a');
      expect(next).not.toBe(first[0]);
      expect(send('a')).toBe(next);
    });

    it('moves to another available partition on nextBatch(), for every partitioner the factory built', () => {
      const factory = murmur2Partitioner({ stickyBytes: Infinity, random: seeded(2) });
      const one = factory();
      const two = factory();
      const args = (topic: string) => ({ topic, partitionMetadata: metadata(6), message: message(null) });
      const before = [one(args('a')), two(args('a')), one(args('b'))];
      for (let i = 0; i < 50; i++) expect(one(args('a'))).toBe(before[0]);

      factory.nextBatch('a');
      expect(one(args('a'))).not.toBe(before[0]);
      expect(two(args('a'))).not.toBe(before[1]);
      expect(one(args('b'))).toBe(before[2]); // another topic's batch goes on

      const b = one(args('b'));
      factory.nextBatch();
      expect(one(args('b'))).not.toBe(b);
    });

    it('chooses only partitions with a leader, and moves when its partition loses the leader', () => {
      const partition = murmur2Partitioner({ stickyBytes: Infinity, random: seeded(3) })();
      const send = (leaderless: number[]) =>
        partition({ topic: 't', partitionMetadata: metadata(6, leaderless), message: message(null) });
      const chosen = send([0, 1, 2, 3]);
      expect([4, 5]).toContain(chosen);
      const other = chosen === 4 ? 5 : 4;
      expect(send([0, 1, 2, 3, chosen])).toBe(other);
    });

    it('chooses again when the partition count changes', () => {
      const random = jest.fn().mockReturnValueOnce(0.99).mockReturnValueOnce(0.99);
      const partition = murmur2Partitioner({ random })();
      expect(partition({ topic: 't', partitionMetadata: metadata(3), message: message(null) })).toBe(2);
      expect(partition({ topic: 't', partitionMetadata: metadata(4), message: message(null) })).toBe(3);
      expect(random).toHaveBeenCalledTimes(2);
    });

    it('spreads batches over all available partitions over time', () => {
      const factory = murmur2Partitioner({ random: seeded(4) });
      const partition = factory();
      const seen = new Set<number>();
      for (let i = 0; i < 200; i++) {
        seen.add(partition({ topic: 't', partitionMetadata: metadata(8, [3]), message: message(null) }));
        factory.nextBatch();
      }
      expect([...seen].sort()).toEqual([0, 1, 2, 4, 5, 6, 7]);
    });
  });

  describe('round-robin null keys', () => {
    it('cycles over the available partitions, per topic', () => {
      const partition = murmur2Partitioner({ nullKeys: 'round-robin', random: () => 0 })();
      const send = (topic: string, leaderless: number[] = []) =>
        partition({ topic, partitionMetadata: metadata(4, leaderless), message: message(null) });
      expect([send('a'), send('a'), send('a'), send('a'), send('a')]).toEqual([0, 1, 2, 3, 0]);
      expect(send('b')).toBe(0);
      expect([send('c', [1]), send('c', [1]), send('c', [1]), send('c', [1])]).toEqual([0, 2, 3, 0]);
      expect([send('d', [0, 1, 2, 3]), send('d', [0, 1, 2, 3])]).toEqual([0, 1]);
    });
  });
});
