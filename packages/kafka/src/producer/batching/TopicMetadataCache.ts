import type { PartitionMetadata } from 'kafkajs';

/** Asks the cluster for a topic's partitions. */
export type FetchPartitionMetadata = (topic: string) => Promise<PartitionMetadata[]>;

interface CachedPartitions {
  partitions: PartitionMetadata[];
  fetchedAt: number;
}

/**
 * Partition metadata per topic, fetched once and reused for `maxAgeMs` (Java's `metadata.max.age.ms`)
 * so that placing a record costs no request; concurrent loads of one topic share one request. A topic
 * reported with no partitions is not cached: it may be being created.
 */
export class TopicMetadataCache {
  private readonly entries = new Map<string, CachedPartitions>();
  private readonly loading = new Map<string, Promise<PartitionMetadata[]>>();

  constructor(
    private readonly fetch: FetchPartitionMetadata,
    private readonly maxAgeMs: number,
  ) {}

  /** The cached partitions if they are fresh; never fetches. */
  cached(topic: string, now: number): PartitionMetadata[] | undefined {
    const entry = this.entries.get(topic);
    return entry && now - entry.fetchedAt < this.maxAgeMs ? entry.partitions : undefined;
  }

  /** Fresh partitions, from the cache or from one shared request. */
  load(topic: string): Promise<PartitionMetadata[]> {
    const fresh = this.cached(topic, Date.now());
    if (fresh) return Promise.resolve(fresh);
    let pending = this.loading.get(topic);
    if (!pending) {
      pending = this.fetch(topic).then(
        (partitions) => {
          this.loading.delete(topic);
          if (partitions.length > 0) this.entries.set(topic, { partitions, fetchedAt: Date.now() });
          return partitions;
        },
        (error: unknown) => {
          this.loading.delete(topic);
          throw error;
        },
      );
      this.loading.set(topic, pending);
    }
    return pending;
  }

  /** Forgets a topic after a failed send, in case its partitions or leaders changed. */
  invalidate(topic: string): void {
    this.entries.delete(topic);
  }
}
