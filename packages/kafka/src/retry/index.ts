export { runWithRetries } from './runWithRetries.js';
export type { RetryContext, RetryHandler, RetryRunner, RunWithRetriesOptions } from './runWithRetries.js';
export { DEFAULT_BACKOFF, backoffDelay } from './backoffDelay.js';
export type { BackoffOptions } from './backoffDelay.js';
export { isRetriable } from './isRetriable.js';
export { RETRY_HEADERS, readRetryState, retryMessage, withoutRetryHeaders } from './retryHeaders.js';
export type { RetryState } from './retryHeaders.js';
export { RetryOptionsError } from './RetryOptionsError.js';
