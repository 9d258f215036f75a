import { runWithRetries } from '@streamforge/kafka';
import type { RetryContext } from '@streamforge/kafka';
import { uniqueName, waitFor } from '@streamforge/testing';
import type { DlqScenario } from './DlqScenario.js';

/** A record the handler cannot decode: no retry can help, so it goes straight to the DLQ. */
export class DecodeError extends Error {
  readonly retriable = false;
  override readonly name = 'DecodeError';
}

/** A dependency that timed out: retried once, then dead-lettered. */
export class TimeoutError extends Error {
  readonly retriable = true;
  override readonly name = 'TimeoutError';
}

/** A record to write to the origin topic; keys say how the handler treats it. */
export interface OriginRecord {
  key: string;
  value: string;
  partition: number;
  headers?: Record<string, string>;
}

/** Where a record was first delivered, by key: the oracle for the dead letters' origin fields. */
export type FirstDeliveries = Map<string, RetryContext>;

/**
 * Writes `records` to the scenario's origin topic and runs `runWithRetries` (one retry tier, short
 * backoff) with a handler that fails `decode-*` keys with DecodeError and `timeout-*` keys with
 * TimeoutError while `failing` says so, until the expected dead letters are on the DLQ. Returns the
 * runner (still running) and where each record was first delivered.
 */
export async function deadLetterThroughRetries(
  scenario: DlqScenario,
  records: readonly OriginRecord[],
  failing: () => boolean = () => true,
  handled: (key: string, headers: Record<string, string>) => void = () => undefined,
) {
  const firstDeliveries: FirstDeliveries = new Map();
  const dlqBefore = await scenario.recordCount(scenario.deadLetterTopic);
  const runner = await runWithRetries({
    kafka: scenario.kafka,
    groupId: uniqueName('dlq-handler'),
    topic: scenario.topic,
    attempts: 1,
    backoff: { initialMs: 100, multiplier: 2, maxMs: 100 },
    fromBeginning: true,
    handler: async (message, context) => {
      const key = message.key?.toString() ?? '';
      if (context.attempt === 1 && !firstDeliveries.has(key)) firstDeliveries.set(key, context);
      if (failing() && key.startsWith('decode-')) throw new DecodeError(`Unexpected token in ${key}`);
      if (failing() && key.startsWith('timeout-'))
        throw new TimeoutError(`Timed out calling inventory for ${key}`);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(value);
      handled(key, headers);
    },
  });
  await scenario.producer.send({ topic: scenario.topic, messages: [...records] });
  const expected = records.filter((r) => /^(decode|timeout)-/.test(r.key)).length;
  await waitFor(async () => (await scenario.recordCount(scenario.deadLetterTopic)) === dlqBefore + expected, {
    timeoutMs: 30_000,
    description: `${expected} dead letters on ${scenario.deadLetterTopic}`,
  });
  return { runner, firstDeliveries };
}
