/**
 * The transactional id of the producer that owns one input partition. kafkajs has no KIP-447 (its
 * sendOffsets carries only the group id, not the member's generation), so the broker can fence a
 * zombie only if every owner of a partition, past and future, uses the same transactional id: the
 * id must be a function of the input partition and of nothing about the instance.
 */
export function transactionalIdFor(prefix: string, topic: string, partition: number): string {
  return `${prefix}-${topic}-${partition}`;
}
