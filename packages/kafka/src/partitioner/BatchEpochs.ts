/**
 * Counts `nextBatch()` calls, for everything built from one partitioner factory. kafkajs calls the
 * factory inside `kafka.producer()`, so the object the caller holds is the factory, not the partitioner
 * that keeps the sticky state; an epoch lets the factory end a batch in every partitioner it built
 * without keeping references to them (which would keep dead producers' state alive).
 */
export class BatchEpochs {
  private all = 0;
  private readonly byTopic = new Map<string, number>();

  /** Ends the current batch of `topic`, or of every topic when none is given. */
  next(topic?: string): void {
    if (topic === undefined) this.all += 1;
    else this.byTopic.set(topic, (this.byTopic.get(topic) ?? 0) + 1);
  }

  /** Changes whenever a batch of `topic` ends. */
  of(topic: string): string {
    return `${this.all}:${this.byTopic.get(topic) ?? 0}`;
  }
}
