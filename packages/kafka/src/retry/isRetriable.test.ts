import { KafkaError } from '../errors.js';
import { isRetriable } from './isRetriable.js';

describe('isRetriable', () => {
  it('retries transient failures and values that are not errors', () => {
    expect(isRetriable(new Error('timeout'))).toBe(true);
    expect(isRetriable(new KafkaError('broker gone', { code: 'X' }))).toBe(true);
    expect(isRetriable('a string')).toBe(true);
  });

  it('never retries errors marked non-retriable or programmer errors', () => {
    expect(isRetriable(new KafkaError('bad record', { code: 'DECODE', retriable: false }))).toBe(false);
    expect(isRetriable(Object.assign(new Error('decode'), { retriable: false }))).toBe(false);
    for (const error of [new TypeError(), new RangeError(), new ReferenceError(), new SyntaxError()])
      expect(isRetriable(error)).toBe(false);
  });
});
