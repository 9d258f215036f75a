import { getOwn } from './ownRecord.js';

/**
 * Reads a dotted path (`eventType`, `properties.country`, `properties.cart.total`) from a value.
 * Configuration names fields this way; a missing step gives undefined rather than throwing, because an
 * event without the field is data, not a bug.
 */
export function readPath(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const step of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = getOwn(current as Record<string, unknown>, step);
  }
  return current;
}

/** The value at `path` as a finite number (numeric strings included), or undefined. */
export function readNumber(value: unknown, path: string): number | undefined {
  const found = readPath(value, path);
  const number = typeof found === 'string' && found.trim() !== '' ? Number(found) : found;
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

/** The value at `path` as a string key: strings as they are, numbers and booleans printed, else undefined. */
export function readKey(value: unknown, path: string): string | undefined {
  const found = readPath(value, path);
  if (typeof found === 'string') return found;
  if (typeof found === 'number' || typeof found === 'boolean') return String(found);
  return undefined;
}
