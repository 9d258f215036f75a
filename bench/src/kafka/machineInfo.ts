import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { LocalKafkaCluster } from '@streamforge/local-infra';
import { runProcess } from './runProcess.js';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  java: string;
  /** Load average (1 min) when the benchmark started: other work on the same cores. */
  loadAtStart: number;
}

export async function machineInfo(java: string): Promise<MachineInfo> {
  const processors = cpus();
  return {
    cpu: processors[0]?.model.trim() ?? 'unknown',
    cores: processors.length,
    memoryGiB: totalmem() / 1024 ** 3,
    os: `${osName()}, Linux ${release()}`,
    node: process.version,
    java: await javaVersion(java),
    loadAtStart: loadavg()[0] ?? 0,
  };
}

function osName(): string {
  try {
    const osRelease = readFileSync('/etc/os-release', 'utf8');
    return /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(osRelease)?.[1] ?? process.platform;
  } catch {
    return process.platform;
  }
}

async function javaVersion(java: string): Promise<string> {
  const output = await runProcess(java, ['-version'], 30_000);
  const lines = output.stderr.trim().split('\n');
  const runtime = lines.find((line) => line.includes('Runtime Environment'))?.trim();
  return [lines[0]?.trim(), runtime].filter(Boolean).join('; ') || 'unknown';
}

/**
 * The broker's Kafka version, for a broker that the local launcher started: the last `Kafka version:`
 * line of its log. Other brokers (compose, remote) give no version over the protocol.
 */
export function brokerVersion(brokers: readonly string[]): string {
  try {
    for (const cluster of new LocalKafkaCluster({ log: () => undefined }).status()) {
      for (const node of cluster.nodes) {
        if (!node.running || !brokers.includes(node.address)) continue;
        const log = readFileSync(node.logFile, 'utf8');
        const versions = [...log.matchAll(/Kafka version: (\S+)/g)];
        const last = versions[versions.length - 1]?.[1];
        if (last) return `${last} (local launcher, cluster "${cluster.name}")`;
      }
    }
  } catch {
    // Unreadable launcher state: say so below.
  }
  return 'unknown (not a broker of the local launcher)';
}
