/**
 * Runs async tasks one at a time, in submission order. Alert processing is one state machine over all
 * alerts (grouping and inhibition span keys), so consumed batches, ticks and API actions must never
 * interleave their read-modify-commit steps.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    // A failed task fails its caller, not the tasks queued behind it.
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once every task submitted so far has settled. */
  async drain(): Promise<void> {
    await this.tail;
  }
}
