import type { RunResult } from './BenchClient.js';
import type { ClientRuns, RunOutcome, WorkloadReport } from './runWorkloads.js';
import { textTable } from './textTable.js';
import { describeWorkload } from './workloads.js';

const MIB = 1024 * 1024;

const perSecond = (result: RunResult): number => result.records / result.seconds;
const integer = (value: number): string => Math.round(value).toLocaleString('en-US');
const fixed = (value: number, digits: number): string => value.toFixed(digits);
const millis = (value: number): string => (value < 10 ? fixed(value, 1) : integer(value));

/** Which run of several stands for a client: the fastest, or the median (the lower middle one). */
export type RunPick = 'best' | 'median';

type OkRun = Extract<RunOutcome, { kind: 'ok' }>;

/** The run that stands for the row, or undefined when none succeeded. */
export function pickRun(row: ClientRuns, pick: RunPick): OkRun | undefined {
  const ok = row.runs
    .filter((outcome): outcome is OkRun => outcome.kind === 'ok')
    .sort((a, b) => perSecond(a.result) - perSecond(b.result));
  return pick === 'best' ? ok[ok.length - 1] : ok[Math.floor((ok.length - 1) / 2)];
}

function javaRun(report: WorkloadReport, pick: RunPick): RunResult | undefined {
  const row = report.rows.find((candidate) => candidate.entry.id === 'java');
  return row ? pickRun(row, pick)?.result : undefined;
}

/** One workload: a row per client with its picked run, the ratio to Java and every run's records/s. */
export function workloadTable(
  report: WorkloadReport,
  pick: RunPick,
  notes: (row: ClientRuns) => string | undefined,
): string {
  const java = javaRun(report, pick);
  const rows = report.rows.map((row): string[] => {
    const best = pickRun(row, pick);
    const runs = row.runs
      .map((outcome) => (outcome.kind === 'ok' ? integer(perSecond(outcome.result)) : outcome.kind))
      .join(' / ');
    if (!best) {
      const reason = row.runs.find((outcome) => outcome.kind !== 'ok');
      const why = reason ? `${reason.kind}: ${reason.reason}` : runs;
      return [row.entry.client.name, '-', '-', '-', '-', '-', why];
    }
    const result = best.result;
    return [
      row.entry.client.name,
      integer(perSecond(result)),
      fixed(result.bytes / MIB / result.seconds, 2),
      java ? fixed(perSecond(result) / perSecond(java), 2) : '-',
      result.latency ? millis(result.latency.p50Ms) : '-',
      result.latency ? millis(result.latency.p99Ms) : '-',
      runs,
    ];
  });
  const table = textTable(
    ['client', 'records/s', 'MB/s', 'vs Java', 'p50 ms', 'p99 ms', 'runs (records/s)'],
    rows,
    [false, true, true, true, true, true, false],
  );
  const remarks = report.rows.flatMap((row) => {
    const lines: string[] = [];
    const note = notes(row);
    if (note) lines.push(`  ${row.entry.client.name}: ${note}`);
    for (const outcome of row.runs) {
      if (outcome.kind === 'ok' && outcome.warning)
        lines.push(`  ${row.entry.client.name}: WARNING ${outcome.warning}`);
      if (outcome.kind === 'failed')
        lines.push(`  ${row.entry.client.name}: a run failed: ${outcome.reason}`);
    }
    return [...new Set(lines)];
  });
  return [describeWorkload(report.workload), table, ...remarks].join('\n');
}

/** Every workload in one grid: each client's picked records/s and its ratio to Java's. */
export function summaryTable(reports: readonly WorkloadReport[], pick: RunPick): string {
  const first = reports[0];
  if (!first) return '';
  const clients = first.rows.map((row) => row.entry);
  const rows = reports.map((report): string[] => {
    const java = javaRun(report, pick);
    const w = report.workload;
    const size = w.recordSize >= 1024 ? '1 KB' : `${w.recordSize} B`;
    const linger = w.kind === 'produce' ? (w.lingerMs > 0 ? `linger ${w.lingerMs}` : 'no linger') : '';
    const cells = report.rows.map((row) => {
      const best = pickRun(row, pick);
      if (!best) return row.runs[0]?.kind ?? '-';
      const rate = perSecond(best.result);
      return java && row.entry.id !== 'java'
        ? `${integer(rate)} (${fixed(rate / perSecond(java), 2)})`
        : integer(rate);
    });
    return [w.kind, size, w.compression, linger, ...cells];
  });
  return textTable(['', 'size', 'codec', 'linger', ...clients.map((entry) => entry.client.name)], rows, [
    false,
    true,
    false,
    false,
    ...clients.map(() => true),
  ]);
}
