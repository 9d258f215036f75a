/**
 * Java's `Utils.toPositive`: clears the sign bit. Not `Math.abs`, which would map differently (and
 * leaves -2^31 negative in Java), so keys would land elsewhere than with Java clients.
 */
export function toPositive(n: number): number {
  return n & 0x7fffffff;
}
