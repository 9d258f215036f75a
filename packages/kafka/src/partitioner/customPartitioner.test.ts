import type { Message, PartitionMetadata } from 'kafkajs';
import { KafkaError } from '../errors.js';
import { customPartitioner } from './customPartitioner.js';
import { PartitionerError } from './PartitionerError.js';

const metadata: PartitionMetadata[] = Array.from({ length: 4 }, (_, partitionId) => ({
  partitionErrorCode: 0,
  partitionId,
  leader: 1,
  replicas: [1],
  isr: [1],
}));

const args = (message: Message) => ({ topic: 'orders', partitionMetadata: metadata, message });

describe('customPartitioner', () => {
  it('passes the key, the partition count and the context to the function', () => {
    const fn = jest.fn((key: Buffer | string | null, numPartitions: number) =>
      key === 'vip' ? 0 : numPartitions - 1,
    );
    const partition = customPartitioner(fn)();
    expect(partition(args({ key: 'vip', value: 'x' }))).toBe(0);
    expect(partition(args({ key: Buffer.from('other'), value: 'x' }))).toBe(3);
    expect(partition(args({ value: 'x' }))).toBe(3);
    expect(fn).toHaveBeenLastCalledWith(null, 4, {
      topic: 'orders',
      message: { value: 'x' },
      partitionMetadata: metadata,
    });
  });

  it('keeps an explicit message.partition without asking the function', () => {
    const fn = jest.fn(() => 0);
    expect(customPartitioner(fn)()(args({ key: 'k', value: 'x', partition: 2 }))).toBe(2);
    expect(fn).not.toHaveBeenCalled();
  });

  it.each([-1, 4, 1.5, Number.NaN, Infinity])(
    'rejects %p with a non-retriable PartitionerError naming the topic',
    (bad) => {
      const partition = customPartitioner(() => bad)();
      let caught: unknown;
      try {
        partition(args({ key: 'k', value: 'x' }));
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(PartitionerError);
      expect(caught).toBeInstanceOf(KafkaError);
      const error = caught as PartitionerError;
      expect(error.retriable).toBe(false);
      expect(error.code).toBe('PARTITIONER_INVALID_PARTITION');
      expect(error.context).toEqual({ topic: 'orders' });
      expect(error.message).toContain('orders');
      expect(error.message).toContain('[0, 4)');
    },
  );

  it('wraps an error thrown by the function, keeping it as the cause', () => {
    const boom = new Error('boom');
    const partition = customPartitioner(() => {
      throw boom;
    })();
    expect(() => partition(args({ key: 'k', value: 'x' }))).toThrow(
      expect.objectContaining({
        name: 'PartitionerError',
        code: 'PARTITIONER_FAILED',
        cause: boom,
        retriable: false,
      }),
    );
  });
});
