import { createProducer } from '@streamforge/kafka';
import { waitFor } from '@streamforge/testing';
import type { Producer } from 'kafkajs';
import type { Delivery, ReadRecord } from './RetryScenario.js';
import { RetryScenario, delivery } from './RetryScenario.js';
import type { RetryRunner } from '@streamforge/kafka';
import { RETRY_HEADERS, runWithRetries } from '@streamforge/kafka';

/** A failure that may pass on a later attempt (a timeout, a dependency down). */
class TransientError extends Error {
  readonly retriable = true;
  override readonly name = 'TransientError';
}

/** A failure no retry can fix: the record itself is bad. */
class DecodeError extends Error {
  readonly retriable = false;
  override readonly name = 'DecodeError';
}

// Test-mode backoff: 300, 600, then 1200 capped to 1000 ms, so the cap is exercised too.
const BACKOFF = { initialMs: 300, multiplier: 2, maxMs: 1_000 };
const DELAYS = [300, 600, 1_000];
// Lateness allowed on top of a delay: a resumed partition waits for the in-flight fetch, whose long-poll
// runWithRetries caps at the first delay (300 ms), plus scheduling; loose on purpose, as CI is slow.
const LATENESS_MS = 2_000;

describe('runWithRetries: retry tiers and dead letters on a real broker', () => {
  let scenario: RetryScenario;
  let runner: RetryRunner | undefined;
  let producer: Producer;

  afterEach(async () => {
    await runner?.stop();
    runner = undefined;
    await producer?.disconnect();
    await scenario?.close();
  });

  async function start(prefix: string, handler: (d: Delivery) => void): Promise<void> {
    scenario = await RetryScenario.start(prefix);
    producer = createProducer(scenario.kafka);
    await producer.connect();
    runner = await runWithRetries({
      kafka: scenario.kafka,
      groupId: scenario.groupId,
      topic: scenario.topic,
      attempts: 3,
      backoff: BACKOFF,
      fromBeginning: true,
      handler: async (message, context) => handler(delivery(message, context)),
    });
  }

  it('retries a failing record through every tier on schedule, then dead-letters it, without holding back its partition', async () => {
    const deliveries: Delivery[] = [];
    await start('retry-schedule', (d) => {
      deliveries.push(d);
      if (d.key.startsWith('fail-')) throw new TransientError(`dependency down for ${d.key}`);
    });
    const deadLetters = await scenario.read(scenario.deadLetterTopic);

    // The failing records come first on partition 0; healthy ones follow them on the same partition.
    const early = ['ok-0', 'ok-1', 'ok-2', 'ok-3', 'ok-4'];
    await producer.send({
      topic: scenario.topic,
      messages: [
        ...['fail-a', 'fail-b'].map((key) => ({
          key,
          value: `v-${key}`,
          partition: 0,
          headers: { trace: key },
        })),
        ...early.map((key) => ({ key, value: `v-${key}`, partition: 0 })),
        ...[1, 2].map((partition) => ({ key: `ok-p${partition}`, value: 'x', partition })),
      ],
    });

    // While the failing records wait on retry.1, more healthy records arrive on partition 0.
    await waitFor(() => deliveries.some((d) => d.key === 'fail-a' && d.context.attempt === 2), {
      timeoutMs: 20_000,
      description: 'fail-a on its second attempt',
    });
    const late = ['late-0', 'late-1', 'late-2'];
    await producer.send({
      topic: scenario.topic,
      messages: late.map((key) => ({ key, value: `v-${key}`, partition: 0 })),
    });

    await waitFor(() => deadLetters.length === 2, { timeoutMs: 60_000, description: '2 dead letters' });
    const firstDeadLetterAt = Math.min(...deadLetters.map((r) => r.at));

    for (const key of ['fail-a', 'fail-b']) {
      const seen = deliveries.filter((d) => d.key === key);
      // attempts + 1 deliveries: the main topic, then each tier once.
      expect(seen.map((d) => [d.context.attempt, d.context.topic])).toEqual([
        [1, scenario.topic],
        [2, scenario.retryTopic(1)],
        [3, scenario.retryTopic(2)],
        [4, scenario.retryTopic(3)],
      ]);
      const first = seen[0]!;
      for (let n = 1; n <= 3; n++) {
        const before = seen[n - 1]!;
        const retry = seen[n]!;
        const notBefore = Number(retry.headers[RETRY_HEADERS.notBefore]);
        // The copy was made after the failed attempt started, due a full tier delay later...
        expect(notBefore - before.at).toBeGreaterThanOrEqual(DELAYS[n - 1]!);
        // ...and was not handled before it was due.
        expect(retry.at).toBeGreaterThanOrEqual(notBefore);
        expect(retry.at - before.at).toBeGreaterThanOrEqual(DELAYS[n - 1]!);
        expect(retry.at - before.at).toBeLessThan(DELAYS[n - 1]! + LATENESS_MS);
        expect(retry.context.originalTopic).toBe(scenario.topic);
        expect(retry.context.originalPartition).toBe(0);
        expect(retry.context.originalOffset).toBe(first.context.originalOffset);
      }

      const dead = deadLetters.find((r) => r.key === key) as ReadRecord;
      expect(dead.value).toBe(`v-${key}`);
      expect(dead.headers).toMatchObject({
        trace: key,
        'dlq-original-topic': scenario.topic,
        'dlq-original-partition': '0',
        'dlq-original-offset': first.context.originalOffset,
        'dlq-original-key': key,
        'dlq-original-timestamp': first.timestamp,
        'dlq-error-class': 'TransientError',
        'dlq-error-message': `dependency down for ${key}`,
        'dlq-attempts': '4',
      });
      expect(dead.headers['dlq-error-stack']).toContain('TransientError: dependency down');
      const firstFailure = Date.parse(dead.headers['dlq-first-failure'] ?? '');
      expect(firstFailure).toBeGreaterThanOrEqual(first.at);
      expect(firstFailure).toBeLessThanOrEqual(seen[1]!.at);
      // The retry bookkeeping does not follow the record into the DLQ.
      expect(Object.keys(dead.headers).filter((name) => name.startsWith('retry-'))).toEqual([]);
    }

    // Every healthy record, early or late, was handled once, on its first attempt, long before the
    // failing records reached the DLQ: the partition they share was never held back.
    for (const key of [...early, ...late, 'ok-p1', 'ok-p2']) {
      const seen = deliveries.filter((d) => d.key === key);
      expect(seen.map((d) => d.context.attempt)).toEqual([1]);
      expect(seen[0]!.at).toBeLessThan(firstDeadLetterAt - 500);
    }
    const secondAttemptOfA = deliveries.find((d) => d.key === 'fail-a' && d.context.attempt === 2)!;
    const lastAttemptOfA = deliveries.find((d) => d.key === 'fail-a' && d.context.attempt === 4)!;
    for (const key of early)
      expect(deliveries.find((d) => d.key === key)!.at).toBeLessThan(secondAttemptOfA.at);
    for (const key of late) expect(deliveries.find((d) => d.key === key)!.at).toBeLessThan(lastAttemptOfA.at);
    expect(await scenario.recordCount(scenario.retryTopic(1))).toBe(2);
    expect(await scenario.recordCount(scenario.retryTopic(3))).toBe(2);
  });

  it('sends a non-retriable failure straight to the DLQ, on its first attempt', async () => {
    const deliveries: Delivery[] = [];
    await start('retry-fatal', (d) => {
      deliveries.push(d);
      if (d.key === 'bad') throw new DecodeError('not valid JSON at byte 3');
      // A programmer error: calling what is not a function throws a TypeError.
      if (d.key === 'bug') (undefined as unknown as () => void)();
    });
    const deadLetters = await scenario.read(scenario.deadLetterTopic);
    await producer.send({
      topic: scenario.topic,
      messages: [
        { key: 'bad', value: '{"x', partition: 1 },
        { key: 'bug', value: '{}', partition: 1 },
        { key: 'fine', value: '{}', partition: 1 },
      ],
    });

    await waitFor(() => deadLetters.length === 2, { timeoutMs: 30_000, description: '2 dead letters' });
    // Longer than the first tier's delay: a retry, had one been scheduled, would show by now.
    await new Promise((resolve) => setTimeout(resolve, DELAYS[0]! + 1_500));

    const bad = deadLetters.find((r) => r.key === 'bad') as ReadRecord;
    expect(bad.headers).toMatchObject({
      'dlq-original-topic': scenario.topic,
      'dlq-original-partition': '1',
      'dlq-original-key': 'bad',
      'dlq-error-class': 'DecodeError',
      'dlq-error-message': 'not valid JSON at byte 3',
      'dlq-attempts': '1',
    });
    const bug = deadLetters.find((r) => r.key === 'bug') as ReadRecord;
    expect(bug.headers).toMatchObject({ 'dlq-error-class': 'TypeError', 'dlq-attempts': '1' });
    expect(deliveries.map((d) => [d.key, d.context.attempt])).toEqual([
      ['bad', 1],
      ['bug', 1],
      ['fine', 1],
    ]);
    for (const n of [1, 2, 3]) expect(await scenario.recordCount(scenario.retryTopic(n))).toBe(0);
    expect(await scenario.recordCount(scenario.deadLetterTopic)).toBe(2);
  });

  it('handles a record that fails once and then succeeds exactly once, and never dead-letters it', async () => {
    const deliveries: Delivery[] = [];
    const handled: Delivery[] = [];
    await start('retry-flaky', (d) => {
      deliveries.push(d);
      if (d.key === 'flaky' && d.context.attempt === 1) throw new TransientError('timed out');
      handled.push(d);
    });
    await producer.send({
      topic: scenario.topic,
      messages: [
        { key: 'flaky', value: 'v', partition: 2 },
        { key: 'steady', value: 'v', partition: 2 },
      ],
    });

    await waitFor(() => handled.some((d) => d.key === 'flaky'), {
      timeoutMs: 30_000,
      description: 'flaky handled on a retry',
    });
    // Longer than the remaining tiers' delays: a duplicate or a dead letter would show by now.
    await new Promise((resolve) => setTimeout(resolve, DELAYS[1]! + DELAYS[2]! + 1_500));

    expect(handled.filter((d) => d.key === 'flaky').map((d) => [d.context.attempt, d.context.topic])).toEqual(
      [[2, scenario.retryTopic(1)]],
    );
    expect(deliveries.filter((d) => d.key === 'flaky')).toHaveLength(2);
    expect(handled.filter((d) => d.key === 'steady')).toHaveLength(1);
    expect(await scenario.recordCount(scenario.retryTopic(1))).toBe(1);
    expect(await scenario.recordCount(scenario.retryTopic(2))).toBe(0);
    expect(await scenario.recordCount(scenario.deadLetterTopic)).toBe(0);
  });
});
