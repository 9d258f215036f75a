import { MemoryStateBackend } from './MemoryStateBackend.js';

describe('MemoryStateBackend', () => {
  it('records the last write of each key per batch, tombstones for deletes', () => {
    const backend = new MemoryStateBackend();
    const counts = backend.table('op/counts');
    counts.put('a', 1);
    counts.put('a', 2);
    counts.put('b', 1);
    counts.delete('b');
    backend.table('op/other').put('x', { n: 1 });
    expect(backend.takeMutations()).toEqual([
      { op: 'put', namespace: 'op/counts', key: 'a', value: 2 },
      { op: 'delete', namespace: 'op/counts', key: 'b' },
      { op: 'put', namespace: 'op/other', key: 'x', value: { n: 1 } },
    ]);
    expect(backend.takeMutations()).toEqual([]);
    counts.delete('never-there');
    expect(backend.takeMutations()).toEqual([]);
  });

  it('tombstones every entry of a dropped table, even if the namespace is used again in the batch', () => {
    const backend = new MemoryStateBackend();
    const window = backend.table('op/w/0/10');
    window.put('a', 1);
    window.put('b', 1);
    backend.takeMutations();
    backend.dropTable('op/w/0/10');
    backend.table('op/w/0/10').put('a', 5);
    expect(backend.takeMutations()).toEqual([
      { op: 'delete', namespace: 'op/w/0/10', key: 'a' },
      { op: 'delete', namespace: 'op/w/0/10', key: 'b' },
      { op: 'put', namespace: 'op/w/0/10', key: 'a', value: 5 },
    ]);
    expect(backend.findTable('op/w/0/10')?.get('a')).toBe(5);
  });

  it('deletes expired entries as time passes, and not entries written again since', () => {
    const backend = new MemoryStateBackend();
    const table = backend.table('op/s/seen');
    table.put('a', 1, 100);
    table.put('b', 1, 200);
    table.put('c', 1);
    table.put('a', 2, 300);
    backend.takeMutations();
    expect(backend.deleteExpired(150)).toBe(0);
    expect(backend.deleteExpired(250)).toBe(1);
    expect(backend.takeMutations()).toEqual([{ op: 'delete', namespace: 'op/s/seen', key: 'b' }]);
    expect(backend.deleteExpired(300)).toBe(1);
    expect([...table.keys()]).toEqual(['c']);
  });

  it('forgets a table that expiry emptied', () => {
    const backend = new MemoryStateBackend();
    backend.table('op/s/map/k1').put('a', 1, 10);
    backend.deleteExpired(10);
    expect(backend.findTable('op/s/map/k1')).toBeUndefined();
    expect(backend.takeMutations()).toEqual([{ op: 'delete', namespace: 'op/s/map/k1', key: 'a' }]);
  });

  it('restores a snapshot plus later mutations, without recording them as changes', () => {
    const source = new MemoryStateBackend();
    source.table('op/a').put('k1', [1, 2]);
    source.table('op/a').put('k2', 'x', 500);
    source.table('op/b').put('k', { deep: true });
    const snapshot = source.snapshot();
    const restored = new MemoryStateBackend();
    restored.restore([
      ...snapshot,
      { op: 'delete', namespace: 'op/b', key: 'k' },
      { op: 'delete', namespace: 'op/gone', key: 'k' },
      { op: 'put', namespace: 'op/a', key: 'k3', value: 3 },
    ]);
    expect(restored.takeMutations()).toEqual([]);
    expect(restored.namespaces('op/')).toEqual(['op/a']);
    expect(restored.findTable('op/a')?.get('k1')).toEqual([1, 2]);
    expect(restored.findTable('op/a')?.expiresAt('k2')).toBe(500);
    expect(restored.findTable('op/gone')).toBeUndefined();
    expect(restored.deleteExpired(500)).toBe(1);
  });

  it('measures its size', () => {
    const backend = new MemoryStateBackend();
    backend.table('n').put('key', 'value');
    backend.table('m').put('k', 12);
    backend.table('empty');
    expect(backend.stats()).toEqual({ namespaces: 2, entries: 2 });
    expect(backend.estimateBytes()).toBe('n'.length + 'key'.length + '"value"'.length + 'm'.length + 1 + 2);
  });

  it('refuses undefined as a value', () => {
    expect(() => new MemoryStateBackend().table('n').put('k', undefined)).toThrow(TypeError);
  });
});
