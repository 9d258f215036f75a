import type {
  AggregatingStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ValueStateDescriptor,
} from './StateDescriptor.js';

/**
 * Keyed state handles read and write the entry of the key being processed. Values are held as they
 * are: after changing an object read from state, write it back (update/put), or the change is
 * neither kept in the changelog nor seen after a restore.
 */
export interface ValueState<T> {
  value(): T | undefined;
  update(value: T): void;
  clear(): void;
}

export interface ListState<T> {
  get(): readonly T[];
  add(value: T): void;
  update(values: readonly T[]): void;
  clear(): void;
}

export interface MapState<V> {
  get(key: string): V | undefined;
  has(key: string): boolean;
  put(key: string, value: V): void;
  delete(key: string): void;
  keys(): string[];
  entries(): Array<[string, V]>;
  size(): number;
  clear(): void;
}

export interface AggregatingState<T, R> {
  add(value: T): void;
  /** Undefined until a value was added. */
  get(): R | undefined;
  clear(): void;
}

/** The handle `ctx.state(descriptor)` returns for a descriptor. */
export type StateHandle<D> =
  D extends ValueStateDescriptor<infer T>
    ? ValueState<T>
    : D extends ListStateDescriptor<infer T>
      ? ListState<T>
      : D extends MapStateDescriptor<infer V>
        ? MapState<V>
        : D extends AggregatingStateDescriptor<infer T, infer _A, infer R>
          ? AggregatingState<T, R>
          : never;
