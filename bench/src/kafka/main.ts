import { loadavg } from 'node:os';
import { ensureKafkaLibraries, streamforgeCacheDir } from '@streamforge/local-infra';
import { BenchTopics } from './BenchTopics.js';
import { createClients } from './createClients.js';
import { findJava } from './findJava.js';
import { printHeader } from './header.js';
import { JavaPerfTools } from './JavaPerfTools.js';
import { brokerVersion, machineInfo } from './machineInfo.js';
import { parseOptions, UsageError, USAGE } from './options.js';
import { summaryTable, workloadTable } from './report.js';
import { runWorkloads } from './runWorkloads.js';
import { workloads } from './workloads.js';

const log = (line: string): void => void process.stderr.write(`${line}\n`);
const print = (text = ''): void => void process.stdout.write(`${text}\n`);

async function main(argv: readonly string[]): Promise<void> {
  const options = parseOptions(argv);
  if (options === 'help') {
    print(USAGE);
    return;
  }
  const cacheDir = streamforgeCacheDir();
  const libraries = await ensureKafkaLibraries(cacheDir, log);
  const java = findJava();
  const topics = new BenchTopics(options.brokers);
  try {
    await topics.connect();
  } catch (error) {
    throw new Error(
      `no broker answers at ${options.brokers.join(',')} (${(error as Error).message}): start the local one with \`pnpm infra:up\` or pass --brokers`,
    );
  }
  const javaTools = new JavaPerfTools(
    java,
    libraries.classpath,
    libraries.version,
    options.brokers,
    options.timeoutMs,
  );
  const clients = createClients(options, javaTools, cacheDir, log);

  const interrupted = (): void => {
    log('interrupted: deleting the benchmark topics ...');
    void topics.deleteAll(log).finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);

  const list = workloads(options);
  printHeader(print, {
    options,
    machine: await machineInfo(java),
    broker: `Kafka ${brokerVersion(options.brokers)} at ${options.brokers.join(',')}, ${await topics.brokerCount()} broker(s)`,
    javaTools,
    clients,
  });

  const started = Date.now();
  let reports;
  try {
    reports = await runWorkloads(
      list,
      clients.entries,
      javaTools,
      topics,
      { runs: options.runs, batchBytes: options.batchBytes, window: options.window },
      log,
      (report) => {
        print(
          workloadTable(report, options.pick, (row) =>
            report.workload.kind === 'produce'
              ? row.entry.client.describeProduce({
                  lingerMs: report.workload.lingerMs,
                  batchRecords: Math.max(1, Math.floor(options.batchBytes / report.workload.recordSize)),
                  window: options.window,
                })
              : row.entry.client.describeConsume(),
          ),
        );
        print();
      },
    );
  } finally {
    await topics.deleteAll(log);
    await Promise.all(clients.entries.map((entry) => entry.client.close()));
  }
  print(`Summary: records/s of each client (${options.pick} run), and its ratio to Java's`);
  print(summaryTable(reports, options.pick));
  print();
  print(
    `Took ${Math.round((Date.now() - started) / 1000)} s; load average (1 min) at the end: ${(loadavg()[0] ?? 0).toFixed(2)}.`,
  );
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof UsageError) log(`${error.message}\n\n${USAGE}`);
    else log(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
