import { InvalidArgumentError } from 'commander';

/** An integer option of at least `min`: a partition (0) or a limit (1). */
export function countParser(min: 0 | 1): (text: string) => number {
  return (text) => {
    if (!/^\d+$/.test(text.trim()) || Number(text) < min || !Number.isSafeInteger(Number(text)))
      throw new InvalidArgumentError(`expected an integer >= ${min}, got '${text}'`);
    return Number(text);
  };
}
