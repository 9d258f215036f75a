import { parseArgs } from 'node:util';
import type { BenchCompression } from './BenchClient.js';

export const CLIENT_IDS = ['java', 'kafkajs', 'platformatic', 'confluent'] as const;
export type ClientId = (typeof CLIENT_IDS)[number];

export interface BenchOptions {
  brokers: string[];
  /** Records of the 100 B and the 1 KB workloads. */
  smallRecords: number;
  largeRecords: number;
  runs: number;
  /** Which run stands for a client in the tables. */
  pick: 'best' | 'median';
  /** The codec of the "with compression" workloads. */
  compression: Exclude<BenchCompression, 'none'>;
  /** The producer rows' lingers, 0 for "no linger" (default 0 and 5). */
  lingers: number[];
  /** The linger of the Java producer that fills the consumer topics: the largest of `lingers`, or 5. */
  fillLingerMs: number;
  /** Bytes per batch where records are grouped by count (kafkajs caller-side, platformatic stream). */
  batchBytes: number;
  /** Records awaiting their ack at once, for clients fed one record per call. */
  window: number;
  clients: ClientId[];
  phases: { produce: boolean; consume: boolean };
  timeoutMs: number;
}

export const USAGE = `Usage: pnpm bench:kafka [options]

Producer and consumer throughput of kafkajs (through @streamforge/kafka), @platformatic/kafka and
@confluentinc/kafka-javascript beside Kafka's Java ProducerPerformance / ConsumerPerformance.

  --brokers <list>        bootstrap brokers (default 127.0.0.1:19092, the local launcher's)
  --quick                 smoke run: 20,000 × 100 B and 5,000 × 1 KB, one run each
  --small-records <n>     records of the 100 B workloads (default 200000)
  --large-records <n>     records of the 1 KB workloads (default 50000)
  --runs <n>              runs of every workload and client (default 2)
  --pick <best|median>    the run shown for each client: the fastest, or the median (default best)
  --compression <codec>   lz4 | zstd | snappy | gzip for the compressed rows (default lz4)
  --linger-ms <list>      the producer rows' lingers, 0 meaning none (default 0,5)
  --batch-bytes <n>       bytes per count-based batch (kafkajs caller-side, platformatic stream; default 65536)
  --window <n>            records awaiting their ack at once when sent one per call (default 1000)
  --clients <list>        any of ${CLIENT_IDS.join(',')} (default all)
  --only <phase>          produce | consume
  --timeout-ms <ms>       give up on one run after this long (default 300000)
  --help
`;

/** A bad command line: reported in one line, without a stack. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const COMPRESSIONS = ['lz4', 'zstd', 'snappy', 'gzip'] as const;

export function parseOptions(argv: readonly string[]): BenchOptions | 'help' {
  let parsed;
  try {
    parsed = parseOptionsStrictly(argv);
  } catch (error) {
    throw error instanceof UsageError ? error : new UsageError((error as Error).message);
  }
  return parsed;
}

function parseOptionsStrictly(argv: readonly string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      brokers: { type: 'string', default: '127.0.0.1:19092' },
      quick: { type: 'boolean', default: false },
      'small-records': { type: 'string' },
      'large-records': { type: 'string' },
      runs: { type: 'string' },
      pick: { type: 'string', default: 'best' },
      compression: { type: 'string', default: 'lz4' },
      'linger-ms': { type: 'string', default: '0,5' },
      'batch-bytes': { type: 'string', default: '65536' },
      window: { type: 'string', default: '1000' },
      clients: { type: 'string', default: CLIENT_IDS.join(',') },
      only: { type: 'string' },
      'timeout-ms': { type: 'string', default: '300000' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  const quick = values.quick;
  const compression = values.compression;
  if (!isOneOf(compression, COMPRESSIONS)) {
    throw new UsageError(`--compression must be one of ${COMPRESSIONS.join(', ')}, not ${compression}`);
  }
  const clients = values.clients.split(',').map((client) => client.trim());
  const unknown = clients.filter((client) => !isOneOf(client, CLIENT_IDS));
  if (unknown.length > 0) throw new UsageError(`--clients: unknown ${unknown.join(', ')}`);
  const lingers = [
    ...new Set(values['linger-ms'].split(',').map((text) => nonNegative('linger-ms', text.trim()))),
  ];
  const pick = values.pick;
  if (pick !== 'best' && pick !== 'median')
    throw new UsageError(`--pick must be best or median, not ${pick}`);
  if (values.only !== undefined && values.only !== 'produce' && values.only !== 'consume') {
    throw new UsageError(`--only must be produce or consume, not ${values.only}`);
  }
  return {
    brokers: values.brokers.split(',').map((broker) => broker.trim()),
    smallRecords: positive('small-records', values['small-records'] ?? (quick ? '20000' : '200000')),
    largeRecords: positive('large-records', values['large-records'] ?? (quick ? '5000' : '50000')),
    runs: positive('runs', values.runs ?? (quick ? '1' : '2')),
    pick,
    compression,
    lingers,
    fillLingerMs: Math.max(...lingers) || 5,
    batchBytes: positive('batch-bytes', values['batch-bytes']),
    window: positive('window', values.window),
    clients: CLIENT_IDS.filter((client) => clients.includes(client)),
    phases: { produce: values.only !== 'consume', consume: values.only !== 'produce' },
    timeoutMs: positive('timeout-ms', values['timeout-ms']),
  };
}

function positive(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new UsageError(`--${flag} must be a positive integer, not ${text}`);
  return value;
}

function nonNegative(flag: string, text: string): number {
  const value = Number(text);
  if (text === '' || !Number.isInteger(value) || value < 0) {
    throw new UsageError(`--${flag} takes integers of 0 or more, not ${text}`);
  }
  return value;
}

function isOneOf<T extends string>(value: string, allowed: readonly T[]): value is T {
  return (allowed as readonly string[]).includes(value);
}
