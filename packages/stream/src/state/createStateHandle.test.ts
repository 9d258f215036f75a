import { count } from '../aggregate/AggregateFunction.js';
import type { AggregatingState, ListState, MapState, ValueState } from './KeyedState.js';
import { createStateHandle } from './createStateHandle.js';
import { MemoryStateBackend } from './MemoryStateBackend.js';
import { aggregatingState, listState, mapState, valueState } from './StateDescriptor.js';

function setUp() {
  const backend = new MemoryStateBackend();
  const scope = { currentKey: 'k1', now: 0 };
  return { backend, scope };
}

describe('keyed state handles', () => {
  it('keep value state per key and record it under operator/name', () => {
    const { backend, scope } = setUp();
    const state = createStateHandle(valueState<number>('last'), backend, 'op/s', scope) as ValueState<number>;
    state.update(7);
    scope.currentKey = 'k2';
    expect(state.value()).toBeUndefined();
    state.update(9);
    scope.currentKey = 'k1';
    expect(state.value()).toBe(7);
    state.clear();
    expect(state.value()).toBeUndefined();
    expect(backend.takeMutations()).toEqual([
      { op: 'delete', namespace: 'op/s/last', key: 'k1' },
      { op: 'put', namespace: 'op/s/last', key: 'k2', value: 9 },
    ]);
  });

  it('keep list state and expire it a TTL after the last write', () => {
    const { backend, scope } = setUp();
    const list = createStateHandle(
      listState<string>('seen', { ttlMs: 100 }),
      backend,
      'op/s',
      scope,
    ) as ListState<string>;
    list.add('a');
    scope.now = 60;
    list.add('b');
    scope.now = 159;
    expect(list.get()).toEqual(['a', 'b']);
    scope.now = 160;
    expect(list.get()).toEqual([]);
    list.add('c');
    expect(list.get()).toEqual(['c']);
    list.update([]);
    expect(list.get()).toEqual([]);
  });

  it('keep map state as one namespace per key, each entry its own record, expiring alone', () => {
    const { backend, scope } = setUp();
    const map = createStateHandle(
      mapState<number>('byPage', { ttlMs: 50 }),
      backend,
      'op/s',
      scope,
    ) as MapState<number>;
    map.put('/a', 1);
    scope.now = 30;
    map.put('/b', 2);
    expect(map.entries()).toEqual([
      ['/a', 1],
      ['/b', 2],
    ]);
    expect(backend.takeMutations()).toEqual([
      { op: 'put', namespace: 'op/s/byPage/k1', key: '/a', value: 1, expiresAt: 50 },
      { op: 'put', namespace: 'op/s/byPage/k1', key: '/b', value: 2, expiresAt: 80 },
    ]);
    scope.now = 50;
    expect(map.has('/a')).toBe(false);
    expect(map.keys()).toEqual(['/b']);
    expect(map.size()).toBe(1);
    map.delete('/b');
    map.delete('/a');
    expect(backend.findTable('op/s/byPage/k1')).toBeUndefined();
    map.put('/c', 3);
    map.clear();
    expect(map.get('/c')).toBeUndefined();
  });

  it('keep aggregating state', () => {
    const { backend, scope } = setUp();
    const counter = createStateHandle(
      aggregatingState('n', count()),
      backend,
      'op/s',
      scope,
    ) as AggregatingState<unknown, number>;
    expect(counter.get()).toBeUndefined();
    counter.add('x');
    counter.add('y');
    expect(counter.get()).toBe(2);
    counter.clear();
    expect(counter.get()).toBeUndefined();
  });

  it('reject bad names and TTLs', () => {
    expect(() => valueState('has space')).toThrow(/state name/);
    expect(() => valueState('a/b')).toThrow(/state name/);
    expect(() => valueState('ok', { ttlMs: 0 })).toThrow(RangeError);
  });
});
