import { isProducerFenced } from './isProducerFenced.js';

describe('isProducerFenced', () => {
  it('recognises the fencing answers, also when wrapped', () => {
    expect(isProducerFenced({ name: 'KafkaJSProtocolError', type: 'INVALID_PRODUCER_EPOCH' })).toBe(true);
    expect(isProducerFenced({ type: 'PRODUCER_FENCED' })).toBe(true);
    expect(isProducerFenced({ type: 'KAFKAJS_UNKNOWN_ERROR_CODE', message: 'Unknown error code 90' })).toBe(
      true,
    );
    expect(
      isProducerFenced(new Error('retries exceeded', { cause: { type: 'INVALID_PRODUCER_EPOCH' } })),
    ).toBe(true);
    expect(
      isProducerFenced({
        name: 'KafkaJSNumberOfRetriesExceeded',
        originalError: { type: 'PRODUCER_FENCED' },
      }),
    ).toBe(true);
  });

  it('rejects everything else', () => {
    expect(isProducerFenced(new Error('Unknown error code 900'))).toBe(false);
    expect(isProducerFenced({ type: 'NOT_COORDINATOR' })).toBe(false);
    expect(isProducerFenced(undefined)).toBe(false);
    expect(isProducerFenced('INVALID_PRODUCER_EPOCH')).toBe(false);
  });
});
