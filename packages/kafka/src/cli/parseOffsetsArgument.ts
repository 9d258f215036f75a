import { InvalidArgumentError } from 'commander';
import type { DeadLetterPosition } from '../dlq/DeadLetterSelection.js';

const PAIR = /^(\d+):(\d+)$/;

/** `--offsets 0:15,2:7`: DLQ positions as partition:offset pairs, separated by commas. */
export function parseOffsetsArgument(text: string): DeadLetterPosition[] {
  const pairs = text
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean);
  if (pairs.length === 0)
    throw new InvalidArgumentError(`expected partition:offset pairs such as 0:15,2:7, got '${text}'`);
  return pairs.map((pair) => {
    const match = PAIR.exec(pair);
    if (!match) throw new InvalidArgumentError(`'${pair}' is not partition:offset (e.g. 0:15)`);
    return { partition: Number(match[1]), offset: BigInt(match[2] as string).toString() };
  });
}
