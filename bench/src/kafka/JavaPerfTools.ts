import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchClient, ConsumeSpec, ProduceSpec, RunResult } from './BenchClient.js';
import type { PayloadPool } from './payload.js';
import { runProcess } from './runProcess.js';

const PRODUCER_PERFORMANCE = 'org.apache.kafka.tools.ProducerPerformance';
const CONSUMER_PERFORMANCE = 'org.apache.kafka.tools.ConsumerPerformance';
const MIB = 1024 * 1024;

/**
 * Kafka's own perf tools from kafka-tools (the launcher's jars), run with `java -cp '<libs>/*'`:
 * ProducerPerformance with `--throughput -1`, the other clients' values (`--payload-file`) and the same
 * producer properties (acks=all, enable.idempotence=true, linger.ms, compression.type); ConsumerPerformance in a fresh
 * group with isolation.level=read_committed. Both report what they measured themselves, so JVM start-up
 * is not counted; the consumer's figure is its fetch rate, group join excluded.
 */
export class JavaPerfTools implements BenchClient {
  readonly name = 'java (kafka-tools)';
  readonly version: string;
  private readonly configDir = mkdtempSync(join(tmpdir(), 'streamforge-bench-'));
  private readonly payloadFiles = new Set<string>();

  constructor(
    private readonly java: string,
    private readonly classpath: string,
    kafkaVersion: string,
    private readonly brokers: readonly string[],
    private readonly timeoutMs: number,
  ) {
    this.version = kafkaVersion;
  }

  describeConsume(): string {
    return 'ConsumerPerformance (fetch rate: group join excluded)';
  }

  describeProduce(spec: Pick<ProduceSpec, 'lingerMs'>): string {
    return `ProducerPerformance --payload-file, linger.ms=${spec.lingerMs}, batch.size=16384 (default)`;
  }

  /** The producer properties of a run, as passed to `--producer-props`. */
  static producerProps(brokers: readonly string[], spec: ProduceSpec): string[] {
    return [
      `bootstrap.servers=${brokers.join(',')}`,
      'acks=all',
      'enable.idempotence=true',
      `linger.ms=${spec.lingerMs}`,
      `compression.type=${spec.compression}`,
    ];
  }

  async produce(spec: ProduceSpec): Promise<RunResult> {
    const args = [
      '-cp',
      this.classpath,
      PRODUCER_PERFORMANCE,
      '--topic',
      spec.topic,
      '--num-records',
      String(spec.records),
      '--payload-file',
      this.payloadFile(spec.payloads),
      '--throughput',
      '-1',
      '--producer-props',
      ...JavaPerfTools.producerProps(this.brokers, spec),
    ];
    const output = await runProcess(this.java, args, this.timeoutMs);
    if (output.exitCode !== 0) throw toolError('ProducerPerformance', output);
    return parseProducerPerformance(output.stdout, spec.recordSize);
  }

  /**
   * The pool's values, one a line, for `--payload-file`: Java then sends the very values the other
   * clients send (random A–Z letters), picked at random among them, instead of drawing every byte from
   * its random generator inside the timed loop as `--record-size` does.
   */
  private payloadFile(payloads: PayloadPool): string {
    const file = join(this.configDir, `payloads-${payloads.recordSize}.txt`);
    if (!this.payloadFiles.has(file)) {
      const lines = Array.from({ length: payloads.distinct }, (_, i) => payloads.value(i).toString('latin1'));
      writeFileSync(file, lines.join('\n'));
      this.payloadFiles.add(file);
    }
    return file;
  }

  async consume(spec: ConsumeSpec): Promise<RunResult> {
    const config = join(this.configDir, `${spec.groupId}.properties`);
    writeFileSync(config, 'isolation.level=read_committed\nauto.offset.reset=earliest\n');
    const args = [
      '-cp',
      this.classpath,
      CONSUMER_PERFORMANCE,
      '--bootstrap-server',
      this.brokers.join(','),
      '--topic',
      spec.topic,
      '--messages',
      String(spec.records),
      '--group',
      spec.groupId,
      '--timeout',
      String(this.timeoutMs),
      '--consumer.config',
      config,
    ];
    const output = await runProcess(this.java, args, this.timeoutMs + 30_000);
    if (output.exitCode !== 0) throw toolError('ConsumerPerformance', output);
    return parseConsumerPerformance(output.stdout);
  }

  async close(): Promise<void> {
    rmSync(this.configDir, { recursive: true, force: true });
  }
}

/**
 * The summary line ProducerPerformance prints last:
 * `200000 records sent, 81234.5 records/sec (7.75 MB/sec), 812.3 ms avg latency, 1234.0 ms max latency,
 * 801 ms 50th, 1100 ms 95th, 1200 ms 99th, 1230 ms 99.9th.`
 */
export function parseProducerPerformance(stdout: string, recordSize: number): RunResult {
  const summary =
    /(\d+) records sent, ([\d.]+) records\/sec \([\d.]+ MB\/sec\), [\d.]+ ms avg latency, [\d.]+ ms max latency, (\d+) ms 50th, \d+ ms 95th, (\d+) ms 99th/.exec(
      stdout,
    );
  if (!summary) throw new Error(`ProducerPerformance printed no summary line:\n${tail(stdout)}`);
  const records = Number(summary[1]);
  const perSecond = Number(summary[2]);
  return {
    records,
    bytes: records * recordSize,
    seconds: records / perSecond,
    latency: { p50Ms: Number(summary[3]), p99Ms: Number(summary[4]) },
  };
}

/**
 * ConsumerPerformance's header and value lines:
 * `start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms,
 * fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec` and the values in the same order.
 */
export function parseConsumerPerformance(stdout: string): RunResult {
  const lines = stdout.split('\n').map((line) => line.trim());
  const headerIndex = lines.findIndex((line) => line.startsWith('start.time,'));
  const header = lines[headerIndex]?.split(/,\s*/);
  const values = lines[headerIndex + 1]?.split(/,\s*/);
  if (headerIndex < 0 || !header || !values || values.length !== header.length) {
    throw new Error(`ConsumerPerformance printed no result line:\n${tail(stdout)}`);
  }
  const field = (name: string): number => {
    const value = Number(values[header.indexOf(name)]);
    if (!Number.isFinite(value)) throw new Error(`ConsumerPerformance printed no ${name}:\n${tail(stdout)}`);
    return value;
  };
  return {
    records: field('data.consumed.in.nMsg'),
    bytes: Math.round(field('data.consumed.in.MB') * MIB),
    seconds: field('fetch.time.ms') / 1000,
  };
}

function toolError(tool: string, output: { exitCode: number; stdout: string; stderr: string }): Error {
  return new Error(`${tool} exited with ${output.exitCode}:\n${tail(`${output.stdout}\n${output.stderr}`)}`);
}

function tail(text: string): string {
  return text.trim().split('\n').slice(-12).join('\n');
}
