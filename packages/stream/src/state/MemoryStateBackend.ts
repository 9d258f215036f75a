import { MinHeap } from '../internal/MinHeap.js';
import type { StateBackend, StateMutation, StateStats, StateTable } from './StateBackend.js';

interface Expiry {
  expiresAt: number;
  table: MemoryStateTable;
  key: string;
}

/** What a table tells its backend: first write since the last takeMutations, an expiry to queue. */
interface TableHooks {
  markDirty(table: MemoryStateTable): void;
  schedule(table: MemoryStateTable, key: string, expiresAt: number): void;
}

/** A StateBackend in the process's memory; every write is remembered until `takeMutations`. */
export class MemoryStateBackend implements StateBackend {
  private readonly tables = new Map<string, MemoryStateTable>();
  /** Tables written since the last takeMutations, in the order first written (dropped ones included). */
  private readonly dirtyTables = new Set<MemoryStateTable>();
  private readonly expiries = new MinHeap<Expiry>((a, b) => a.expiresAt - b.expiresAt);
  private readonly hooks: TableHooks = {
    markDirty: (table) => this.dirtyTables.add(table),
    schedule: (table, key, expiresAt) => {
      table.scheduled.add(key);
      this.expiries.push({ expiresAt, table, key });
    },
  };

  table(namespace: string): StateTable {
    return this.tableOf(namespace);
  }

  findTable(namespace: string): StateTable | undefined {
    return this.tables.get(namespace);
  }

  dropTable(namespace: string): void {
    const table = this.tables.get(namespace);
    if (!table) return;
    this.tables.delete(namespace);
    for (const key of [...table.keys()]) table.delete(key);
  }

  namespaces(prefix: string): string[] {
    const found: string[] = [];
    for (const [namespace, table] of this.tables) {
      if (table.size > 0 && namespace.startsWith(prefix)) found.push(namespace);
    }
    return found.sort();
  }

  deleteExpired(now: number): number {
    let deleted = 0;
    for (
      let next = this.expiries.peek();
      next !== undefined && next.expiresAt <= now;
      next = this.expiries.peek()
    ) {
      this.expiries.pop();
      const { table, key } = next;
      table.scheduled.delete(key);
      const expiresAt = table.expiresAt(key);
      if (expiresAt === undefined || this.tables.get(table.namespace) !== table) continue;
      if (expiresAt <= now) {
        table.delete(key);
        deleted++;
        // Map state has a table per key: forget the ones expiry emptied, or they pile up.
        if (table.size === 0) this.tables.delete(table.namespace);
      } else {
        this.hooks.schedule(table, key, expiresAt);
      }
    }
    return deleted;
  }

  takeMutations(): StateMutation[] {
    const mutations: StateMutation[] = [];
    for (const table of this.dirtyTables) {
      for (const key of table.dirty) mutations.push(table.mutationOf(key));
      table.dirty.clear();
    }
    this.dirtyTables.clear();
    return mutations;
  }

  snapshot(): StateMutation[] {
    const puts: StateMutation[] = [];
    for (const table of this.tables.values()) {
      for (const key of table.keys()) puts.push(table.mutationOf(key));
    }
    return puts;
  }

  restore(mutations: Iterable<StateMutation>): void {
    for (const mutation of mutations) {
      if (mutation.op === 'put') {
        this.tableOf(mutation.namespace).write(mutation.key, mutation.value, mutation.expiresAt);
      } else {
        this.tables.get(mutation.namespace)?.remove(mutation.key);
      }
    }
  }

  stats(): StateStats {
    let namespaces = 0;
    let entries = 0;
    for (const table of this.tables.values()) {
      if (table.size === 0) continue;
      namespaces++;
      entries += table.size;
    }
    return { namespaces, entries };
  }

  estimateBytes(): number {
    let bytes = 0;
    for (const table of this.tables.values()) {
      for (const [key, value] of table.entries()) {
        bytes += table.namespace.length + key.length + (JSON.stringify(value)?.length ?? 0);
      }
    }
    return bytes;
  }

  private tableOf(namespace: string): MemoryStateTable {
    let table = this.tables.get(namespace);
    if (!table) {
      table = new MemoryStateTable(namespace, this.hooks);
      this.tables.set(namespace, table);
    }
    return table;
  }
}

class MemoryStateTable implements StateTable {
  private readonly values = new Map<string, unknown>();
  private readonly expiry = new Map<string, number>();
  /** Keys written since the last takeMutations. */
  readonly dirty = new Set<string>();
  /** Keys with an entry in the backend's expiry queue. */
  readonly scheduled = new Set<string>();

  constructor(
    readonly namespace: string,
    private readonly hooks: TableHooks,
  ) {}

  get size(): number {
    return this.values.size;
  }

  get(key: string): unknown {
    return this.values.get(key);
  }

  has(key: string): boolean {
    return this.values.has(key);
  }

  expiresAt(key: string): number | undefined {
    return this.expiry.get(key);
  }

  put(key: string, value: unknown, expiresAt?: number): void {
    if (value === undefined) throw new TypeError(`state value for ${this.namespace}/${key} is undefined`);
    this.write(key, value, expiresAt);
    this.touch(key);
  }

  delete(key: string): boolean {
    if (!this.remove(key)) return false;
    this.touch(key);
    return true;
  }

  keys(): IterableIterator<string> {
    return this.values.keys();
  }

  entries(): IterableIterator<[string, unknown]> {
    return this.values.entries();
  }

  /** Stores without recording a change (restore), keeping the expiry queue right. */
  write(key: string, value: unknown, expiresAt: number | undefined): void {
    this.values.set(key, value);
    if (expiresAt === undefined) {
      this.expiry.delete(key);
      return;
    }
    this.expiry.set(key, expiresAt);
    if (!this.scheduled.has(key)) this.hooks.schedule(this, key, expiresAt);
  }

  remove(key: string): boolean {
    this.expiry.delete(key);
    return this.values.delete(key);
  }

  mutationOf(key: string): StateMutation {
    const { namespace } = this;
    if (!this.values.has(key)) return { op: 'delete', namespace, key };
    const expiresAt = this.expiry.get(key);
    const value = this.values.get(key);
    return expiresAt === undefined
      ? { op: 'put', namespace, key, value }
      : { op: 'put', namespace, key, value, expiresAt };
  }

  private touch(key: string): void {
    if (this.dirty.size === 0) this.hooks.markDirty(this);
    this.dirty.add(key);
  }
}
