/**
 * Plain-object maps keyed by data (event types, item ids, dimension values). Sketch state must be plain
 * JSON, so no Map; these helpers keep keys such as `__proto__` or `toString` from reaching
 * Object.prototype: reads see own properties only and writes always create own properties.
 */
// Bound once: hot paths call this per value, and global lookups are slow in sandboxed contexts.
const hasOwn = Object.prototype.hasOwnProperty;
const defineProperty = Object.defineProperty;

export function getOwn<V>(record: Record<string, V>, key: string): V | undefined {
  return hasOwn.call(record, key) ? record[key] : undefined;
}

export function setOwn<V>(record: Record<string, V>, key: string, value: V): void {
  if (key === '__proto__') {
    defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    record[key] = value;
  }
}
