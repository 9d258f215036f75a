/**
 * One change to keyed state, as it goes to the changelog: the last value a batch left under
 * (namespace, key), or a tombstone when the batch removed it. `value` is the live object held in state:
 * serialise it before the task processes the next batch.
 */
export type StateMutation =
  | { op: 'put'; namespace: string; key: string; value: unknown; expiresAt?: number }
  | { op: 'delete'; namespace: string; key: string };

/** The entries of one namespace (an operator's state, or one window of it), by key. */
export interface StateTable {
  readonly namespace: string;
  readonly size: number;
  /** Undefined when absent; expiry is the reader's business (see `expiresAt`). */
  get(key: string): unknown;
  has(key: string): boolean;
  /** When the entry expires (processing time), if it was written with an expiry. */
  expiresAt(key: string): number | undefined;
  /** `value` must not be undefined: removing is `delete`. */
  put(key: string, value: unknown, expiresAt?: number): void;
  delete(key: string): boolean;
  /** Keys in insertion order. */
  keys(): IterableIterator<string>;
  entries(): IterableIterator<[string, unknown]>;
}

export interface StateStats {
  namespaces: number;
  entries: number;
}

/**
 * Where a task keeps its keyed state. Reads and writes are synchronous: the working copy lives in the
 * task's memory, and durability comes from the changelog (`takeMutations`) and checkpoints of it
 * (`snapshot`), which a runtime writes to Kafka and Redis.
 */
export interface StateBackend {
  /** The table of a namespace, created empty on first use. */
  table(namespace: string): StateTable;
  /** The table of a namespace if it exists, without creating it. */
  findTable(namespace: string): StateTable | undefined;
  /** Deletes every entry of a namespace (each becomes a tombstone) and forgets the table. */
  dropTable(namespace: string): void;
  /** The namespaces holding entries whose name starts with `prefix`, sorted. */
  namespaces(prefix: string): string[];
  /**
   * Deletes the entries whose expiry is at or before `now` and forgets tables it left empty (so do
   * not hold on to a table with expiring entries across batches). Returns how many it deleted.
   */
  deleteExpired(now: number): number;
  /** The changes since the last call, one per (namespace, key) touched. */
  takeMutations(): StateMutation[];
  /** Every entry, as puts: a checkpoint. */
  snapshot(): StateMutation[];
  /** Applies a checkpoint and then changelog mutations, without recording them as new changes. */
  restore(mutations: Iterable<StateMutation>): void;
  stats(): StateStats;
  /** The size of the state as JSON, in UTF-16 code units; walks every entry, so for scrapes, not hot paths. */
  estimateBytes(): number;
}
