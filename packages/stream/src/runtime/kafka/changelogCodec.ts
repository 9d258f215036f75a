import { StreamError } from '../../errors.js';
import type { StateMutation } from '../../state/StateBackend.js';

/**
 * A state entry as the changelog and the Redis checkpoint store it: `field` is the record key (and
 * the Redis hash field), `value` the JSON of the entry or null for a tombstone.
 */
export interface EncodedMutation {
  field: string;
  value: string | null;
}

interface EncodedEntry {
  /** The value. */
  v: unknown;
  /** Its expiry (processing time), if any. */
  e?: number;
}

/**
 * `namespace/key`, with `%` and `/` escaped in the namespace only, so the first `/` splits it again:
 * namespaces hold slashes (`window-1/w/0/60000`), and two entries must never share a compaction key.
 */
export function changelogField(namespace: string, key: string): string {
  return `${namespace.replace(/%/g, '%25').replace(/\//g, '%2F')}/${key}`;
}

export function encodeMutation(mutation: StateMutation): EncodedMutation {
  const field = changelogField(mutation.namespace, mutation.key);
  if (mutation.op === 'delete') return { field, value: null };
  const entry: EncodedEntry =
    mutation.expiresAt === undefined ? { v: mutation.value } : { v: mutation.value, e: mutation.expiresAt };
  return { field, value: JSON.stringify(entry) };
}

export function decodeMutation({ field, value }: EncodedMutation): StateMutation {
  const slash = field.indexOf('/');
  if (slash < 0) throw corrupt(field, 'has no "/"');
  const namespace = decodeURIComponent(field.slice(0, slash));
  const key = field.slice(slash + 1);
  if (value === null) return { op: 'delete', namespace, key };
  let entry: EncodedEntry;
  try {
    entry = JSON.parse(value) as EncodedEntry;
  } catch (error) {
    throw corrupt(field, 'is not JSON', error);
  }
  if (typeof entry !== 'object' || entry === null || !('v' in entry)) throw corrupt(field, 'has no value');
  return entry.e === undefined
    ? { op: 'put', namespace, key, value: entry.v }
    : { op: 'put', namespace, key, value: entry.v, expiresAt: entry.e };
}

function corrupt(field: string, what: string, cause?: unknown): StreamError {
  return new StreamError(`state entry ${field} ${what}`, {
    code: 'STATE_ENTRY_CORRUPT',
    retriable: false,
    cause,
  });
}
