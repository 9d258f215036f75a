const started = new Map<string, Promise<unknown>>();

/**
 * Shares one start-up between all callers in this process with the same key (a suite calling
 * startKafka in several beforeAll blocks); a failed start is forgotten so that the next call retries.
 */
export function oncePerProcess<T>(key: string, start: () => Promise<T>): Promise<T> {
  const existing = started.get(key);
  if (existing) return existing as Promise<T>;
  const promise = start();
  started.set(key, promise);
  promise.catch(() => started.delete(key));
  return promise;
}
