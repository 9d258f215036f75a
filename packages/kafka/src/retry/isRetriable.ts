/**
 * Whether trying a failed record again can succeed. Errors that say `retriable === false` (a decode
 * error, a schema violation) and programmer errors (TypeError, RangeError, ReferenceError, and the
 * SyntaxError of a bad JSON.parse) would fail identically on every attempt, so they go straight to the
 * dead-letter topic instead of occupying the retry tiers. Anything else, including values thrown that
 * are not Errors, is presumed transient: a wrongly retried record costs a few attempts, a wrongly
 * dead-lettered one needs a manual re-drive.
 */
export function isRetriable(error: unknown): boolean {
  if (
    error instanceof TypeError ||
    error instanceof RangeError ||
    error instanceof ReferenceError ||
    error instanceof SyntaxError
  )
    return false;
  if (typeof error === 'object' && error !== null && 'retriable' in error)
    return (error as { retriable: unknown }).retriable !== false;
  return true;
}
