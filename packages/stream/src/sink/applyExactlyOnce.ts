import type { Pool, PoolClient } from 'pg';

/** Which consumed partition a batch came from, on which cluster, for which consumer group. */
export interface PartitionPosition {
  /** The Kafka cluster's id: offsets of one cluster say nothing about another's. */
  clusterId: string;
  consumerGroup: string;
  topic: string;
  partition: number;
}

/**
 * Runs `apply` on the records of one partition that Postgres has not seen yet, and records the next
 * offset in the same transaction (table `consumer_offsets`). A batch delivered again after a crash or
 * a rebalance is filtered down to nothing, so a Postgres sink built on this is exactly-once whatever
 * Kafka redelivers. The partition's row is locked for the transaction, so two instances that briefly
 * both hold the partition during a rebalance serialise instead of double-applying.
 *
 * Returns `undefined` when every record was already applied.
 */
export async function applyExactlyOnce<R extends { offset: string }, T>(
  pool: Pool,
  position: PartitionPosition,
  records: readonly R[],
  apply: (client: PoolClient, fresh: R[]) => Promise<T>,
): Promise<T | undefined> {
  const key = [position.clusterId, position.consumerGroup, position.topic, position.partition];
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO consumer_offsets (cluster_id, consumer_group, topic, partition, next_offset)
       VALUES ($1, $2, $3, $4, 0) ON CONFLICT DO NOTHING`,
      key,
    );
    const stored = await client.query<{ next_offset: string }>(
      `SELECT next_offset FROM consumer_offsets
       WHERE cluster_id = $1 AND consumer_group = $2 AND topic = $3 AND partition = $4 FOR UPDATE`,
      key,
    );
    const nextOffset = BigInt(stored.rows[0]?.next_offset ?? '0');
    const fresh = records.filter((record) => BigInt(record.offset) >= nextOffset);
    const last = fresh.at(-1);
    if (last === undefined) {
      await client.query('COMMIT');
      return undefined;
    }
    const result = await apply(client, fresh);
    await client.query(
      `UPDATE consumer_offsets SET next_offset = $5, updated_at = now()
       WHERE cluster_id = $1 AND consumer_group = $2 AND topic = $3 AND partition = $4`,
      [...key, (BigInt(last.offset) + 1n).toString()],
    );
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
