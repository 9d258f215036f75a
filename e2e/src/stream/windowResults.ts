import type { Kafka } from 'kafkajs';
import type { LateRecordJson } from '@streamforge/stream';
import { readCommitted } from '../kafka/transactional/readCommitted.js';
import type { WindowTruth } from './windowOracleSql.js';
import type { WindowOutput } from './windowJob.js';

/** What a run of the window job committed, read read_committed. */
export interface CommittedRun {
  /** Per output partition, the record values in log order: what "byte-identical" compares. */
  outputByPartition: Map<number, string[]>;
  lateByPartition: Map<number, string[]>;
  outputCount: number;
}

export async function readRun(kafka: Kafka, output: string, late: string): Promise<CommittedRun> {
  const byPartition = async (topic: string) => {
    const records = await readCommitted(kafka, topic, 120_000);
    records.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
    const grouped = new Map<number, string[]>();
    for (const record of records) {
      const values = grouped.get(record.partition) ?? [];
      values.push(record.value);
      grouped.set(record.partition, values);
    }
    return { grouped, count: records.length };
  };
  const outputs = await byPartition(output);
  const lates = await byPartition(late);
  return { outputByPartition: outputs.grouped, lateByPartition: lates.grouped, outputCount: outputs.count };
}

/**
 * The final result of every window: each record supersedes the earlier ones of its window (on-time,
 * then late updates), and a retraction removes a session that merged into another.
 */
export function finalWindows(run: CommittedRun): Map<string, string> {
  const windows = new Map<string, string>();
  for (const values of run.outputByPartition.values()) {
    for (const value of values) {
      const result = JSON.parse(value) as WindowOutput;
      const id = `${result.op} ${result.key} ${result.start} ${result.end}`;
      if (result.kind === 'retraction') windows.delete(id);
      else windows.set(id, `${result.count}/${result.sum}`);
    }
  }
  return windows;
}

/** The late topic's event ids per operator, sorted (duplicates kept, so that they show). */
export function lateIds(run: CommittedRun): WindowTruth['late'] {
  const late: WindowTruth['late'] = { tumbling: [], sliding: [], session: [] };
  for (const values of run.lateByPartition.values()) {
    for (const value of values) {
      const record = JSON.parse(value) as LateRecordJson;
      const operator = record.operator as keyof WindowTruth['late'];
      late[operator].push((record.value as { id: number }).id);
    }
  }
  for (const ids of Object.values(late)) ids.sort((a, b) => a - b);
  return late;
}

/** Windows whose totals differ between the two, at most `limit` of them, for a readable failure. */
export function windowDifferences(
  actual: Map<string, string>,
  expected: Map<string, string>,
  limit = 10,
): string[] {
  const differences: string[] = [];
  for (const [id, totals] of expected) {
    if (actual.get(id) !== totals)
      differences.push(`${id}: expected ${totals}, got ${actual.get(id) ?? 'none'}`);
    if (differences.length >= limit) return differences;
  }
  for (const [id, totals] of actual) {
    if (!expected.has(id)) differences.push(`${id}: unexpected ${totals}`);
    if (differences.length >= limit) break;
  }
  return differences;
}
