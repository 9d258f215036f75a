import type { Kafka } from 'kafkajs';
import { ConsumerOptionsError } from './ConsumerOptionsError.js';
import type { RunConsumerOptions } from './runConsumer.js';
import { runConsumer } from './runConsumer.js';

// Options are checked before the client is touched, so no client is needed to see them refused.
const noClient = undefined as unknown as Kafka;
const valid: RunConsumerOptions = {
  kafka: noClient,
  groupId: 'g',
  topics: ['t'],
  handler: async () => undefined,
};

describe('runConsumer options', () => {
  it.each([
    [{ groupId: '' }, 'groupId must be a non-empty group id'],
    [{ topics: [] }, 'topics must be a non-empty list of topic names'],
    [{ concurrency: 0 }, 'concurrency must be a positive integer, got 0'],
    [{ maxInFlightPerPartition: 2.5 }, 'maxInFlightPerPartition must be a positive integer, got 2.5'],
    [
      { maxInFlightPerPartition: 10, resumeAtInFlight: 10 },
      'resumeAtInFlight must be an integer from 0 to maxInFlightPerPartition - 1 (9), got 10',
    ],
    [
      { maxInFlightPerPartition: 10, maxUncommittedPerPartition: 5 },
      'maxUncommittedPerPartition (5) must be at least maxInFlightPerPartition (10)',
    ],
    [{ shutdownTimeoutMs: -1 }, 'shutdownTimeoutMs must be a positive integer, got -1'],
  ] as Array<[Partial<RunConsumerOptions>, string]>)('refuses %j', async (override, message) => {
    const attempt = runConsumer({ ...valid, ...override });
    await expect(attempt).rejects.toThrow(ConsumerOptionsError);
    await expect(attempt).rejects.toThrow(message);
  });
});
