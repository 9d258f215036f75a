import type { AggregatingState, ListState, MapState, ValueState } from './KeyedState.js';
import type { StateBackend, StateTable } from './StateBackend.js';
import type { AggregatingStateDescriptor, StateDescriptor } from './StateDescriptor.js';

/** The key being processed and the processing time, as the operator that owns the state sets them. */
export interface KeyScope {
  readonly currentKey: string;
  readonly now: number;
}

/**
 * A handle on the state `descriptor` declares, under `${prefix}/${name}`: value, list and aggregating
 * state are one entry per key there; map state is a namespace per key, one entry per map key, so that
 * each map entry is its own changelog record.
 */
export function createStateHandle(
  descriptor: StateDescriptor,
  backend: StateBackend,
  prefix: string,
  scope: KeyScope,
): ValueState<unknown> | ListState<unknown> | MapState<unknown> | AggregatingState<unknown, unknown> {
  const namespace = `${prefix}/${descriptor.name}`;
  const { ttlMs } = descriptor;
  const expiry = () => (ttlMs === undefined ? undefined : scope.now + ttlMs);
  const live = (table: StateTable | undefined, key: string): unknown => {
    if (!table) return undefined;
    const expiresAt = table.expiresAt(key);
    return expiresAt !== undefined && expiresAt <= scope.now ? undefined : table.get(key);
  };

  switch (descriptor.kind) {
    case 'value':
      return {
        value: () => live(backend.findTable(namespace), scope.currentKey),
        update: (value) => {
          const table = backend.table(namespace);
          if (value === undefined) table.delete(scope.currentKey);
          else table.put(scope.currentKey, value, expiry());
        },
        clear: () => void backend.findTable(namespace)?.delete(scope.currentKey),
      } satisfies ValueState<unknown>;

    case 'list':
      return {
        get: () => (live(backend.findTable(namespace), scope.currentKey) as unknown[] | undefined) ?? [],
        add: (value) => {
          const table = backend.table(namespace);
          const list = (live(table, scope.currentKey) as unknown[] | undefined) ?? [];
          list.push(value);
          table.put(scope.currentKey, list, expiry());
        },
        update: (values) => {
          const table = backend.table(namespace);
          if (values.length === 0) table.delete(scope.currentKey);
          else table.put(scope.currentKey, [...values], expiry());
        },
        clear: () => void backend.findTable(namespace)?.delete(scope.currentKey),
      } satisfies ListState<unknown>;

    case 'map': {
      const mapNamespace = () => `${namespace}/${scope.currentKey}`;
      const liveEntries = (): Array<[string, unknown]> => {
        const table = backend.findTable(mapNamespace());
        if (!table) return [];
        const entries: Array<[string, unknown]> = [];
        for (const key of table.keys()) {
          const value = live(table, key);
          if (value !== undefined) entries.push([key, value]);
        }
        return entries;
      };
      return {
        get: (key) => live(backend.findTable(mapNamespace()), key),
        has: (key) => live(backend.findTable(mapNamespace()), key) !== undefined,
        put: (key, value) => backend.table(mapNamespace()).put(key, value, expiry()),
        delete: (key) => {
          const table = backend.findTable(mapNamespace());
          if (table?.delete(key) && table.size === 0) backend.dropTable(table.namespace);
        },
        keys: () => liveEntries().map(([key]) => key),
        entries: liveEntries,
        size: () => liveEntries().length,
        clear: () => backend.dropTable(mapNamespace()),
      } satisfies MapState<unknown>;
    }

    case 'aggregating': {
      const { aggregate } = descriptor as AggregatingStateDescriptor<unknown, unknown, unknown>;
      return {
        add: (value) => {
          const table = backend.table(namespace);
          const accumulator = live(table, scope.currentKey) ?? aggregate.createAccumulator();
          table.put(scope.currentKey, aggregate.add(accumulator, value), expiry());
        },
        get: () => {
          const accumulator = live(backend.findTable(namespace), scope.currentKey);
          return accumulator === undefined ? undefined : aggregate.getResult(accumulator);
        },
        clear: () => void backend.findTable(namespace)?.delete(scope.currentKey),
      } satisfies AggregatingState<unknown, unknown>;
    }
  }
}
