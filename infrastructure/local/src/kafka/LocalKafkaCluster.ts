import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EnsureTopicsResult } from '@streamforge/kafka';
import { streamforgeCacheDir } from '../cacheDir.js';
import { ClusterConfigurationError } from '../errors.js';
import { withFileLock } from '../internal/fileLock.js';
import { findJava } from '../internal/findJava.js';
import { isPortFree } from '../internal/isPortFree.js';
import type { Log } from '../Log.js';
import { stderrLog } from '../Log.js';
import { runningBrokerPid, startBrokerProcess, stopBrokerProcess } from './BrokerProcess.js';
import type { ClusterDefinition } from './ClusterDefinition.js';
import {
  DEFAULT_CLUSTER_NAME,
  DEFAULT_THREE_BROKER_CLUSTER_NAME,
  SINGLE_BROKER_BASE_PORT,
  THREE_BROKER_BASE_PORT,
  newClusterId,
  readClusterDefinition,
  validateClusterName,
  writeClusterDefinition,
} from './ClusterDefinition.js';
import type { BrokerNode } from './ClusterLayout.js';
import { ClusterLayout } from './ClusterLayout.js';
import { ensureCatalogueTopics } from './ensureCatalogueTopics.js';
import { formatStorage } from './formatStorage.js';
import type { KafkaLibraries } from './KafkaLibraries.js';
import { ensureKafkaLibraries } from './KafkaLibraries.js';
import { renderLog4jProperties } from './log4jProperties.js';
import { renderServerProperties } from './serverProperties.js';
import { waitForBrokers } from './waitForBrokers.js';

export interface LocalKafkaClusterOptions {
  /** Jars and cluster data; `streamforgeCacheDir()` by default. */
  cacheDir?: string;
  log?: Log;
}

export interface KafkaUpOptions {
  /** Defaults to "default" for one broker and "cluster3" for three, which use separate ports. */
  name?: string;
  /** Fixed when the cluster is first created; defaults to the stored value, else 1. */
  brokers?: 1 | 3;
  /** Client port of node 1 (19092 for one broker, 29092 for three); fixed at creation. */
  basePort?: number;
  /** Create the catalogue's topics once the brokers answer (default true). */
  topics?: boolean;
  /** How long the brokers may take to serve metadata (default 90 s, 150 s for three brokers). */
  timeoutMs?: number;
}

export interface KafkaUpResult {
  name: string;
  /** Bootstrap addresses, e.g. `['127.0.0.1:19092']`. */
  brokers: string[];
  /** Node ids this call started; empty when the cluster was already running. */
  startedNodes: number[];
  topics?: EnsureTopicsResult;
}

export interface KafkaNodeStatus {
  nodeId: number;
  address: string;
  pid?: number;
  running: boolean;
  logFile: string;
}

export interface KafkaClusterStatus {
  name: string;
  brokers: string[];
  /** True when every node's process runs (it does not ask the brokers). */
  running: boolean;
  clusterDir: string;
  nodes: KafkaNodeStatus[];
}

export interface KafkaDownOptions {
  name?: string;
  /** Also delete the cluster's data and logs, so the next `up` starts from empty storage. */
  purge?: boolean;
}

export interface KafkaBrokerOptions {
  name?: string;
  /** stopBroker only: SIGTERM shuts down cleanly, SIGKILL simulates a crash. */
  signal?: 'SIGTERM' | 'SIGKILL';
  timeoutMs?: number;
}

/** The 3.9 broker needs this long to stop cleanly; after it, it is killed. */
const STOP_TIMEOUT_MS = 30_000;

/**
 * Real Apache Kafka brokers on loopback, without Docker: KRaft nodes in combined mode, run from the jars
 * Maven fetched, data and logs under `<cache>/clusters/<name>/`. Every operation holds the cluster's lock,
 * so several processes (jest workers, a CLI) can call `up` at once and only one of them starts brokers.
 * `down` and `stopBroker` signal only the pids this launcher recorded.
 */
export class LocalKafkaCluster {
  readonly cacheDir: string;
  private readonly log: Log;

  constructor(options: LocalKafkaClusterOptions = {}) {
    this.cacheDir = options.cacheDir ?? streamforgeCacheDir();
    this.log = options.log ?? stderrLog;
  }

  /** Starts the cluster unless it runs already, waits until it serves metadata, ensures the topics. */
  async up(options: KafkaUpOptions = {}): Promise<KafkaUpResult> {
    const layout = this.layout(options.name ?? defaultName(options.brokers));
    const libraries = await ensureKafkaLibraries(this.cacheDir, this.log);
    return withFileLock(
      layout.lockDir,
      async () => {
        const definition = await this.loadOrCreateDefinition(layout, options, libraries.version);
        const nodes = layout.nodes(definition);
        const timeoutMs = options.timeoutMs ?? (definition.brokers === 3 ? 150_000 : 90_000);
        const started = Date.now();
        const startedNodes = await this.startNodes(layout, definition, libraries, nodes);
        await waitForBrokers({
          clusterName: definition.name,
          nodes,
          expectedBrokers: definition.brokers,
          timeoutMs,
        });
        const brokers = nodes.map((node) => node.address);
        if (startedNodes.length > 0) {
          const seconds = ((Date.now() - started) / 1000).toFixed(1);
          this.log(
            `Kafka "${definition.name}" serves ${brokers.join(',')} (${startedNodes.length} node(s) started in ${seconds} s)`,
          );
        }
        const topics =
          options.topics === false
            ? undefined
            : await ensureCatalogueTopics(brokers, { brokerCount: definition.brokers, log: this.log });
        return { name: definition.name, brokers, startedNodes, ...(topics ? { topics } : {}) };
      },
      {
        onWait: (owner) =>
          this.log(`waiting for pid ${owner ?? '?'} to finish with Kafka "${layout.name}" ...`),
      },
    );
  }

  /** Stops the cluster's brokers (SIGTERM, SIGKILL after 30 s); with `purge`, deletes its data too. */
  async down(options: KafkaDownOptions = {}): Promise<{ stoppedNodes: number[] }> {
    const layout = this.layout(options.name ?? DEFAULT_CLUSTER_NAME);
    return withFileLock(layout.lockDir, async () => {
      const definition = readClusterDefinition(layout.definitionFile);
      const nodes = definition ? layout.nodes(definition) : [];
      const stopped = await Promise.all(
        nodes.map(async (node) =>
          (await stopBrokerProcess(node, { timeoutMs: STOP_TIMEOUT_MS })) ? node.nodeId : 0,
        ),
      );
      if (options.purge) rmSync(layout.dir, { recursive: true, force: true });
      return { stoppedNodes: stopped.filter((nodeId) => nodeId > 0) };
    });
  }

  /** The clusters in the cache (or the one named) and whether their processes run. */
  status(options: { name?: string } = {}): KafkaClusterStatus[] {
    const names = options.name !== undefined ? [options.name] : this.clusterNames();
    const statuses: KafkaClusterStatus[] = [];
    for (const name of names) {
      const layout = this.layout(name);
      const definition = readClusterDefinition(layout.definitionFile);
      if (!definition) continue;
      const nodes = layout.nodes(definition).map((node): KafkaNodeStatus => {
        const pid = runningBrokerPid(node);
        return {
          nodeId: node.nodeId,
          address: node.address,
          running: pid !== undefined,
          logFile: node.logFile,
          ...(pid ? { pid } : {}),
        };
      });
      statuses.push({
        name,
        brokers: nodes.map((node) => node.address),
        running: nodes.every((node) => node.running),
        clusterDir: layout.dir,
        nodes,
      });
    }
    return statuses;
  }

  /** Stops one node of a running cluster, e.g. to test fail-over; the others keep running. */
  async stopBroker(nodeId: number, options: KafkaBrokerOptions = {}): Promise<void> {
    const layout = this.layout(options.name ?? DEFAULT_CLUSTER_NAME);
    await withFileLock(layout.lockDir, async () => {
      const node = layout.node(this.requireDefinition(layout), this.checkNodeId(layout, nodeId));
      await stopBrokerProcess(node, {
        ...(options.signal ? { signal: options.signal } : {}),
        timeoutMs: options.timeoutMs ?? STOP_TIMEOUT_MS,
      });
    });
  }

  /** Starts one stopped node again and waits until the metadata lists every broker. */
  async startBroker(nodeId: number, options: KafkaBrokerOptions = {}): Promise<void> {
    const layout = this.layout(options.name ?? DEFAULT_CLUSTER_NAME);
    const libraries = await ensureKafkaLibraries(this.cacheDir, this.log);
    await withFileLock(layout.lockDir, async () => {
      const definition = this.requireDefinition(layout);
      const nodes = layout.nodes(definition);
      const node = layout.node(definition, this.checkNodeId(layout, nodeId));
      await this.startNodes(layout, definition, libraries, [node], nodes);
      await waitForBrokers({
        clusterName: definition.name,
        nodes,
        expectedBrokers: definition.brokers,
        timeoutMs: options.timeoutMs ?? 90_000,
      });
    });
  }

  private layout(name: string): ClusterLayout {
    return new ClusterLayout(this.cacheDir, validateClusterName(name));
  }

  private clusterNames(): string[] {
    const dir = join(this.cacheDir, 'clusters');
    if (!existsSync(dir)) return [];
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
      .map((entry) => entry.name)
      .sort();
  }

  private requireDefinition(layout: ClusterLayout): ClusterDefinition {
    const definition = readClusterDefinition(layout.definitionFile);
    if (!definition)
      throw new ClusterConfigurationError(`there is no local Kafka cluster "${layout.name}"; run up first`);
    return definition;
  }

  private checkNodeId(layout: ClusterLayout, nodeId: number): number {
    const { brokers } = this.requireDefinition(layout);
    if (!Number.isInteger(nodeId) || nodeId < 1 || nodeId > brokers) {
      throw new ClusterConfigurationError(`cluster "${layout.name}" has nodes 1..${brokers}, not ${nodeId}`);
    }
    return nodeId;
  }

  /**
   * The stored definition, checked against what the caller asks for; or a new one. A new definition
   * means new storage, so leftovers of an earlier cluster with that name (another cluster id) are removed.
   */
  private async loadOrCreateDefinition(
    layout: ClusterLayout,
    options: KafkaUpOptions,
    kafkaVersion: string,
  ): Promise<ClusterDefinition> {
    const stored = readClusterDefinition(layout.definitionFile);
    if (stored) {
      if (options.brokers !== undefined && options.brokers !== stored.brokers) {
        throw new ClusterConfigurationError(
          `cluster "${layout.name}" was created with ${stored.brokers} broker(s), not ${options.brokers}; ` +
            `use another name or remove it with: down --name ${layout.name} --purge`,
        );
      }
      if (options.basePort !== undefined && options.basePort !== stored.basePort) {
        throw new ClusterConfigurationError(
          `cluster "${layout.name}" was created on port ${stored.basePort}, not ${options.basePort}; ` +
            `use another name or remove it with: down --name ${layout.name} --purge`,
        );
      }
      return stored;
    }
    const brokers = options.brokers ?? 1;
    if (brokers !== 1 && brokers !== 3)
      throw new ClusterConfigurationError(`brokers must be 1 or 3, not ${String(brokers)}`);
    const definition: ClusterDefinition = {
      name: layout.name,
      brokers,
      basePort: options.basePort ?? (brokers === 3 ? THREE_BROKER_BASE_PORT : SINGLE_BROKER_BASE_PORT),
      clusterId: newClusterId(),
      kafkaVersion,
      createdAt: new Date().toISOString(),
    };
    // Checked before anything is written: a cluster that could never start must not be remembered.
    await assertPortsFree(definition, layout.nodes(definition));
    rmSync(layout.dir, { recursive: true, force: true });
    mkdirSync(layout.dir, { recursive: true });
    writeClusterDefinition(layout.definitionFile, definition);
    this.log(
      `created Kafka cluster "${layout.name}" (${brokers} broker(s), id ${definition.clusterId}) in ${layout.dir}`,
    );
    return definition;
  }

  /** Formats and starts whichever of `candidates` is not running; returns the node ids it started. */
  private async startNodes(
    layout: ClusterLayout,
    definition: ClusterDefinition,
    libraries: KafkaLibraries,
    candidates: readonly BrokerNode[],
    allNodes: readonly BrokerNode[] = candidates,
  ): Promise<number[]> {
    const stopped = candidates.filter((node) => runningBrokerPid(node) === undefined);
    if (stopped.length === 0) return [];
    await assertPortsFree(definition, stopped);
    const java = findJava();
    writeFileSync(layout.log4jFile, renderLog4jProperties());
    for (const node of stopped) {
      mkdirSync(node.dir, { recursive: true });
      writeFileSync(node.propertiesFile, renderServerProperties(definition, node, allNodes));
    }
    // Formatting is a JVM start each; in parallel they overlap instead of queueing.
    await Promise.all(
      stopped.map((node) => formatStorage(java, libraries, definition, node, layout.log4jFile)),
    );
    this.log(
      `starting Kafka "${definition.name}" node(s) ${stopped.map((node) => node.nodeId).join(',')} ...`,
    );
    for (const node of stopped) startBrokerProcess(java, libraries, node, layout.log4jFile);
    return stopped.map((node) => node.nodeId);
  }
}

async function assertPortsFree(definition: ClusterDefinition, nodes: readonly BrokerNode[]): Promise<void> {
  for (const node of nodes) {
    for (const port of [node.port, node.controllerPort]) {
      if (!(await isPortFree(port))) {
        throw new ClusterConfigurationError(
          `port ${port} (node ${node.nodeId} of Kafka "${definition.name}") is used by another process; ` +
            `stop it, or create the cluster under another name with another basePort`,
        );
      }
    }
  }
}

function defaultName(brokers: 1 | 3 | undefined): string {
  return brokers === 3 ? DEFAULT_THREE_BROKER_CLUSTER_NAME : DEFAULT_CLUSTER_NAME;
}
