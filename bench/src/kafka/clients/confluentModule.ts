import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** The package, installed outside the workspace by bench/scripts/install-confluent-client.sh. */
export const CONFLUENT_PACKAGE = '@confluentinc/kafka-javascript';
export const CONFLUENT_INSTALL_SCRIPT = 'bash bench/scripts/install-confluent-client.sh';

/** `rebalance_cb`: called with the assignment (error code -175) or the revocation (-174). */
export type ConfluentRebalanceCallback = (error: { code: number }, assignment: unknown[]) => void;

export interface ConfluentProducer {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  send(record: { topic: string; messages: { value: Buffer }[] }): Promise<unknown>;
}

export interface ConfluentBatchPayload {
  batch: { messages: { value: Buffer | null }[] };
}

export interface ConfluentConsumer {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  subscribe(subscription: { topics: string[] }): Promise<void>;
  run(config: { eachBatch: (payload: ConfluentBatchPayload) => Promise<void> }): Promise<void>;
}

export interface ConfluentKafka {
  /** librdkafka properties sit beside `kafkaJS`, under their own names. */
  producer(config: {
    'linger.ms'?: number;
    kafkaJS?: { idempotent?: boolean; acks?: number; compression?: string };
  }): ConfluentProducer;
  consumer(config: {
    rebalance_cb?: ConfluentRebalanceCallback;
    'js.consumer.max.batch.size'?: number;
    kafkaJS: { groupId: string; fromBeginning?: boolean; readUncommitted?: boolean };
  }): ConfluentConsumer;
}

/** The slice of @confluentinc/kafka-javascript the benchmark uses: its KafkaJS-compatible API. */
export interface ConfluentModule {
  librdkafkaVersion: string;
  KafkaJS: {
    Kafka: new (config: {
      kafkaJS: { brokers: string[]; clientId: string; logLevel?: number };
    }) => ConfluentKafka;
  };
}

export interface LoadedConfluent {
  module: ConfluentModule;
  version: string;
  /** How long the install script's build took, as it recorded it. */
  buildNote?: string;
}

/** Where the install script puts it: `<streamforge cache>/bench-clients`. */
export function confluentInstallDir(cacheDir: string): string {
  return join(cacheDir, 'bench-clients');
}

/**
 * Loads the package from the install script's directory, or explains how to include it. It is never
 * resolved from the workspace: building librdkafka on every `pnpm install` is what the script avoids.
 */
export function loadConfluent(cacheDir: string): LoadedConfluent | { missing: string } {
  const dir = confluentInstallDir(cacheDir);
  const manifest = join(dir, 'node_modules', CONFLUENT_PACKAGE, 'package.json');
  if (!existsSync(manifest)) {
    return { missing: `not installed: run \`${CONFLUENT_INSTALL_SCRIPT}\` to include it` };
  }
  try {
    const loaded: unknown = createRequire(join(dir, 'package.json'))(CONFLUENT_PACKAGE);
    if (!isConfluentModule(loaded)) {
      return { missing: `${CONFLUENT_PACKAGE} in ${dir} lacks the KafkaJS API this benchmark uses` };
    }
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
    const timeFile = join(dir, 'install-time.txt');
    const buildNote = existsSync(timeFile)
      ? readFileSync(timeFile, 'utf8').trim().replace(`${CONFLUENT_PACKAGE} ${version} `, '')
      : undefined;
    return { module: loaded, version, ...(buildNote ? { buildNote } : {}) };
  } catch (error) {
    return {
      missing: `${CONFLUENT_PACKAGE} does not load (${(error as Error).message.split('\n')[0]}): run \`${CONFLUENT_INSTALL_SCRIPT}\` again`,
    };
  }
}

function isConfluentModule(value: unknown): value is ConfluentModule {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { KafkaJS?: { Kafka?: unknown }; librdkafkaVersion?: unknown };
  return typeof candidate.KafkaJS?.Kafka === 'function' && typeof candidate.librdkafkaVersion === 'string';
}
