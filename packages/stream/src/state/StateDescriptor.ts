import { StreamDefinitionError } from '../errors.js';
import type { AggregateFunction } from '../aggregate/AggregateFunction.js';

export interface StateOptions {
  /**
   * Entries expire this long (processing time) after they were last written: reads no longer see
   * them and they are deleted (tombstoned) as time passes, which bounds the state's size.
   */
  ttlMs?: number;
}

const STATE_NAME = /^[A-Za-z0-9_.-]+$/;

abstract class StateDescriptorBase {
  readonly ttlMs: number | undefined;

  constructor(
    readonly name: string,
    options: StateOptions,
  ) {
    if (!STATE_NAME.test(name)) {
      throw new StreamDefinitionError(`state name "${name}" must be letters, digits, ".", "_" or "-"`);
    }
    if (options.ttlMs !== undefined && !(Number.isFinite(options.ttlMs) && options.ttlMs > 0)) {
      throw new RangeError(`ttlMs of state "${name}" must be > 0, got ${options.ttlMs}`);
    }
    this.ttlMs = options.ttlMs;
  }
}

/** One value per key. */
export class ValueStateDescriptor<T> extends StateDescriptorBase {
  readonly kind = 'value';
  declare readonly valueType: T;
}

/** A list of values per key. */
export class ListStateDescriptor<T> extends StateDescriptorBase {
  readonly kind = 'list';
  declare readonly valueType: T;
}

/** A map from string to value per key; each entry is its own changelog record and expires alone. */
export class MapStateDescriptor<V> extends StateDescriptorBase {
  readonly kind = 'map';
  declare readonly valueType: V;
}

/** An accumulator per key that values are added to. */
export class AggregatingStateDescriptor<T, A, R> extends StateDescriptorBase {
  readonly kind = 'aggregating';

  constructor(
    name: string,
    readonly aggregate: AggregateFunction<T, A, R>,
    options: StateOptions,
  ) {
    super(name, options);
  }
}

/** Any descriptor; `StateHandle<D>` says what `ctx.state(descriptor)` gives for it. */
export type StateDescriptor =
  | ValueStateDescriptor<unknown>
  | ListStateDescriptor<unknown>
  | MapStateDescriptor<unknown>
  | { readonly kind: 'aggregating'; readonly name: string; readonly ttlMs: number | undefined };

export function valueState<T>(name: string, options: StateOptions = {}): ValueStateDescriptor<T> {
  return new ValueStateDescriptor<T>(name, options);
}

export function listState<T>(name: string, options: StateOptions = {}): ListStateDescriptor<T> {
  return new ListStateDescriptor<T>(name, options);
}

export function mapState<V>(name: string, options: StateOptions = {}): MapStateDescriptor<V> {
  return new MapStateDescriptor<V>(name, options);
}

export function aggregatingState<T, A, R>(
  name: string,
  aggregate: AggregateFunction<T, A, R>,
  options: StateOptions = {},
): AggregatingStateDescriptor<T, A, R> {
  return new AggregatingStateDescriptor(name, aggregate, options);
}
