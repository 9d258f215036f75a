import type { BenchCompression } from './BenchClient.js';
import type { BenchOptions } from './options.js';

export interface Workload {
  kind: 'produce' | 'consume';
  /** Short and unique, for topic and group names: `p-100-lz4-l5`. */
  id: string;
  recordSize: number;
  records: number;
  compression: BenchCompression;
  /** Producer rows only (consumer rows read what the Java producer wrote with linger). */
  lingerMs: number;
}

/**
 * Producer: 100 B and 1 KB records × without and with compression × without and with linger.
 * Consumer: 100 B and 1 KB × without and with compression, reading records the Java producer wrote
 * with linger, so that every client reads the very same batches.
 */
export function workloads(options: BenchOptions): Workload[] {
  const sizes = [
    { recordSize: 100, records: options.smallRecords },
    { recordSize: 1024, records: options.largeRecords },
  ];
  const compressions: BenchCompression[] = ['none', options.compression];
  const list: Workload[] = [];
  if (options.phases.produce) {
    for (const size of sizes) {
      for (const compression of compressions) {
        for (const lingerMs of options.lingers) {
          const id = `p-${size.recordSize}-${compression}-l${lingerMs}`;
          list.push({ kind: 'produce', id, ...size, compression, lingerMs });
        }
      }
    }
  }
  if (options.phases.consume) {
    for (const size of sizes) {
      for (const compression of compressions) {
        const id = `c-${size.recordSize}-${compression}`;
        list.push({ kind: 'consume', id, ...size, compression, lingerMs: options.fillLingerMs });
      }
    }
  }
  return list;
}

export function describeWorkload(workload: Workload): string {
  const size = workload.recordSize >= 1024 ? `${workload.recordSize / 1024} KB` : `${workload.recordSize} B`;
  const count = workload.records.toLocaleString('en-US');
  const compression = workload.compression === 'none' ? 'no compression' : workload.compression;
  if (workload.kind === 'consume') {
    return `consume · ${count} × ${size} · ${compression} · read_committed, fresh group, from earliest`;
  }
  const linger = workload.lingerMs > 0 ? `linger ${workload.lingerMs} ms` : 'no linger';
  return `produce · ${count} × ${size} · ${compression} · ${linger} · acks=all, idempotent`;
}
