import { WaitForTimeoutError } from './errors.js';
import { waitFor } from './waitFor.js';

describe('waitFor', () => {
  it('returns the first truthy value', async () => {
    let calls = 0;
    await expect(
      waitFor(() => (++calls >= 3 ? `after ${calls}` : undefined), { intervalMs: 1 }),
    ).resolves.toBe('after 3');
  });

  it('treats a throwing predicate as "not yet" and reports its last error on timeout', async () => {
    const failure = waitFor(
      () => {
        throw new Error('only 2 of 3 records');
      },
      { timeoutMs: 50, intervalMs: 5, description: '3 records on t' },
    );
    await expect(failure).rejects.toThrow(WaitForTimeoutError);
    await expect(failure).rejects.toThrow(
      'timed out after 50 ms waiting for 3 records on t; last error: only 2 of 3 records',
    );
  });

  it('fails at once on a programmer error', async () => {
    const started = Date.now();
    await expect(
      waitFor(
        () => {
          throw new TypeError('x is not a function');
        },
        { timeoutMs: 5_000 },
      ),
    ).rejects.toThrow(TypeError);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
