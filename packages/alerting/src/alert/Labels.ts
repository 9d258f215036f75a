import { createHash } from 'node:crypto';

/** Label names to values. Together with the rule id they identify an alert. */
export type Labels = Readonly<Record<string, string>>;

/** The labels as sorted [name, value] pairs, so that insertion order never changes an identity. */
export function sortedLabelPairs(labels: Labels): Array<[string, string]> {
  return Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The identity of an alert: rule id plus its sorted label set. Equal inputs give equal fingerprints
 * in every process and after every restart, which is what deduplication keys on.
 */
export function alertFingerprint(ruleId: string, labels: Labels): string {
  const hash = createHash('sha256').update(ruleId);
  for (const [name, value] of sortedLabelPairs(labels)) hash.update(`\u0000${name}\u0001${value}`);
  return hash.digest('hex').slice(0, 32);
}

/** The values of `names` in `labels` (missing ones as ''), as a map. */
export function pickLabels(labels: Labels, names: readonly string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) picked[name] = labels[name] ?? '';
  return picked;
}

/** True when both label sets have the same value (or both lack) each of `names`. */
export function labelsEqualOn(a: Labels, b: Labels, names: readonly string[]): boolean {
  return names.every((name) => (a[name] ?? '') === (b[name] ?? ''));
}
