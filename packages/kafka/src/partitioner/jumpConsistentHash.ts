/**
 * Jump consistent hash (Lamping & Veach, 2014, "A Fast, Minimal Memory, Consistent Hash Algorithm"):
 * maps a 64-bit key to a bucket in [0, numBuckets). Going from n to n+1 buckets moves only the keys
 * that now belong in bucket n, about 1/(n+1) of them, and no key moves between old buckets.
 *
 * A line-for-line port of the paper's C++: the 64-bit LCG step is exact with BigInt, and the bucket
 * jump is computed in doubles as in the original, so results match other ports bit for bit.
 */
export function jumpConsistentHash(key: bigint, numBuckets: number): number {
  if (!Number.isInteger(numBuckets) || numBuckets < 1) {
    throw new RangeError(`numBuckets must be a positive integer, got ${numBuckets}`);
  }
  let k = BigInt.asUintN(64, key);
  let b = -1;
  let j = 0;
  while (j < numBuckets) {
    b = j;
    k = BigInt.asUintN(64, k * 2862933555777941757n + 1n);
    j = Math.floor((b + 1) * (2147483648 / (Number(k >> 33n) + 1)));
  }
  return b;
}
