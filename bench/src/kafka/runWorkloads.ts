import type { BenchClient, ProduceSpec, RunResult } from './BenchClient.js';
import { WorkloadSkipped } from './BenchClient.js';
import type { BenchTopics } from './BenchTopics.js';
import type { ClientId } from './options.js';
import { PayloadPool } from './payload.js';
import type { Workload } from './workloads.js';
import { describeWorkload } from './workloads.js';

export interface BenchEntry {
  id: ClientId;
  client: BenchClient;
}

export type RunOutcome =
  | { kind: 'ok'; result: RunResult; warning?: string }
  | { kind: 'skipped'; reason: string }
  | { kind: 'failed'; reason: string };

export interface ClientRuns {
  entry: BenchEntry;
  runs: RunOutcome[];
}

export interface WorkloadReport {
  workload: Workload;
  rows: ClientRuns[];
}

export interface RunSettings {
  runs: number;
  batchBytes: number;
  window: number;
}

/**
 * Runs every workload `runs` times, the clients one after another within each run (so that a burst of
 * load from elsewhere hits one run rather than all of one client's), on a fresh topic per workload.
 * Each produce run is checked against the topic's end offsets: exactly `records` more, no loss and no
 * duplicates. Consume workloads read a topic the Java producer filled beforehand.
 */
export async function runWorkloads(
  list: readonly Workload[],
  entries: readonly BenchEntry[],
  filler: BenchClient,
  topics: BenchTopics,
  settings: RunSettings,
  log: (line: string) => void,
  onWorkload: (report: WorkloadReport) => void,
): Promise<WorkloadReport[]> {
  const reports: WorkloadReport[] = [];
  const pools = new Map<number, PayloadPool>();
  const steps = list.length * settings.runs * entries.length;
  let step = 0;
  for (const workload of list) {
    let pool = pools.get(workload.recordSize);
    if (!pool) pools.set(workload.recordSize, (pool = new PayloadPool(workload.recordSize)));
    const topic = await topics.create(workload.id);
    const spec: ProduceSpec = {
      topic,
      records: workload.records,
      recordSize: workload.recordSize,
      compression: workload.compression,
      lingerMs: workload.lingerMs,
      batchRecords: Math.max(1, Math.floor(settings.batchBytes / workload.recordSize)),
      window: settings.window,
      payloads: pool,
    };
    if (workload.kind === 'consume') {
      log(`filling ${topic} with the Java producer (${describeWorkload(workload)}) ...`);
      await filler.produce(spec);
      const count = await topics.recordCount(topic);
      if (count !== workload.records)
        throw new Error(`${topic} holds ${count} records, not ${workload.records}`);
    }
    const rows: ClientRuns[] = entries.map((entry) => ({ entry, runs: [] }));
    for (let run = 1; run <= settings.runs; run++) {
      for (const row of rows) {
        step++;
        const label = `[${String(step).padStart(String(steps).length)}/${steps}] ${workload.id} · ${row.entry.client.name} · run ${run}/${settings.runs}`;
        const skipped = row.runs.find((outcome) => outcome.kind === 'skipped');
        if (skipped) {
          row.runs.push(skipped);
          continue;
        }
        const outcome =
          workload.kind === 'produce'
            ? await measureProduce(row.entry.client, spec, topics)
            : await measureConsume(
                row.entry.client,
                workload,
                topic,
                topics.group(`${workload.id}-${row.entry.id}-r${run}`),
              );
        row.runs.push(outcome);
        log(`${label}: ${describeOutcome(outcome)}`);
      }
    }
    const report = { workload, rows };
    reports.push(report);
    onWorkload(report);
  }
  return reports;
}

async function measureProduce(
  client: BenchClient,
  spec: ProduceSpec,
  topics: BenchTopics,
): Promise<RunOutcome> {
  const before = await topics.recordCount(spec.topic);
  const outcome = await attempt(() => client.produce(spec));
  const grown = (await topics.recordCount(spec.topic)) - before;
  if (outcome.kind === 'ok' && grown !== spec.records) {
    return { ...outcome, warning: `the topic grew by ${grown} records, not ${spec.records}` };
  }
  return outcome;
}

async function measureConsume(
  client: BenchClient,
  workload: Workload,
  topic: string,
  groupId: string,
): Promise<RunOutcome> {
  const outcome = await attempt(() => client.consume({ topic, records: workload.records, groupId }));
  if (outcome.kind === 'ok' && outcome.result.records < workload.records) {
    return { ...outcome, warning: `read ${outcome.result.records} records, not ${workload.records}` };
  }
  return outcome;
}

async function attempt(run: () => Promise<RunResult>): Promise<RunOutcome> {
  try {
    return { kind: 'ok', result: await run() };
  } catch (error) {
    if (error instanceof WorkloadSkipped) return { kind: 'skipped', reason: error.message };
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'failed', reason: message.split('\n')[0] ?? message };
  }
}

function describeOutcome(outcome: RunOutcome): string {
  if (outcome.kind !== 'ok') return `${outcome.kind}: ${outcome.reason}`;
  const perSecond = Math.round(outcome.result.records / outcome.result.seconds).toLocaleString('en-US');
  return `${perSecond} records/s${outcome.warning ? ` — ${outcome.warning}` : ''}`;
}
