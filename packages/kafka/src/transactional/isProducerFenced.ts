/**
 * Broker answers meaning another producer now owns this transactional id. kafkajs 2.2.4 knows
 * INVALID_PRODUCER_EPOCH (47); PRODUCER_FENCED (90, KIP-588) is missing from its table and arrives as
 * KAFKAJS_UNKNOWN_ERROR_CODE "Unknown error code 90", so the code is matched in the message too.
 */
const FENCED_TYPES = new Set(['INVALID_PRODUCER_EPOCH', 'PRODUCER_FENCED']);
const FENCED_MESSAGE = /Unknown error code 90\b/;

interface ErrorLike {
  type?: unknown;
  message?: unknown;
  cause?: unknown;
  originalError?: unknown;
}

/**
 * True when `error`, or any error it wraps, says this producer was fenced. kafkajs wraps the protocol
 * error in KafkaJSNonRetriableError or KafkaJSNumberOfRetriesExceeded (`cause`, `originalError`),
 * and so may we, so the whole chain is walked (bounded, in case of a cycle).
 */
export function isProducerFenced(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 10 && typeof current === 'object' && current !== null; depth++) {
    const candidate = current as ErrorLike;
    if (typeof candidate.type === 'string' && FENCED_TYPES.has(candidate.type)) return true;
    if (typeof candidate.message === 'string' && FENCED_MESSAGE.test(candidate.message)) return true;
    current = candidate.cause ?? candidate.originalError;
  }
  return false;
}
