import type { StreamEvent } from '@streamforge/stream';
import { waitFor } from '@streamforge/testing';
import type { Admin, Kafka } from 'kafkajs';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { readCommitted } from '../kafka/transactional/readCommitted.js';
import { freePort } from '../stack/freePort.js';
import { repoRoot } from '../stack/index.js';
import * as cep from '@streamforge/cep';
import { partitionOfUser } from './cepEvents.js';

/** One run's topics and names; each test makes its own, so runs never meet. */
export interface CepRunNames {
  group: string;
  input: string;
  matches: string;
  timeouts: string;
  late: string;
}

/** Event time an event may lag its partition's newest before it is late: the service's setting in these tests. */
export const BOUND_MS = 2_000;

export const dlqOf = (input: string): string => `${input}.dlq`;

export async function createCepTopics(admin: Admin, names: CepRunNames, partitions: number): Promise<void> {
  const topics = [names.input, dlqOf(names.input), names.matches, names.timeouts, names.late];
  await admin.createTopics({
    topics: topics.map((topic) => ({ topic, numPartitions: partitions })),
    waitForLeaders: true,
  });
}

/** Where an input record landed: the events' offsets tell which matches span a crash. */
export type InputPositions = Map<string, { partition: number; offset: number }>;

/**
 * Produces events (and undecodable records, given as strings) keyed by user, each user on one
 * partition, in order, `chunk` at a time with `pauseMs` between chunks. The topic is fresh and the
 * producer idempotent, so offsets count up from 0 per partition.
 */
export async function produceInput(
  kafka: Kafka,
  topic: string,
  items: ReadonlyArray<StreamEvent | string>,
  partitions: number,
  pacing: { chunk: number; pauseMs: number } = { chunk: 1_000, pauseMs: 0 },
): Promise<InputPositions> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const positions: InputPositions = new Map();
  const next = new Map<number, number>();
  try {
    for (let start = 0; start < items.length; start += pacing.chunk) {
      const messages = items.slice(start, start + pacing.chunk).map((item, index) => {
        const key = typeof item === 'string' ? `garbage-${start + index}` : item.userId;
        const partition = partitionOfUser(key, partitions);
        const offset = next.get(partition) ?? 0;
        next.set(partition, offset + 1);
        if (typeof item !== 'string') positions.set(item.eventId, { partition, offset });
        return { key, partition, value: typeof item === 'string' ? item : JSON.stringify(item) };
      });
      await producer.send({ topic, acks: -1, messages });
      if (pacing.pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pacing.pauseMs));
    }
  } finally {
    await producer.disconnect();
  }
  return positions;
}

export interface CepEngineProcess {
  process: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
  isReady: () => Promise<boolean>;
}

/** The built cep-engine service (`services/cep-engine/dist/main.js`) as a child process. */
export async function startCepEngine(
  brokers: readonly string[],
  redisUrl: string,
  names: CepRunNames,
  env: Record<string, string> = {},
  /** Appends the child's stdout and stderr here too, for a failure's post-mortem. */
  logFile?: string,
): Promise<CepEngineProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(repoRoot(), 'services', 'cep-engine', 'dist', 'main.js')], {
    cwd: repoRoot(),
    env: {
      PATH: process.env.PATH ?? '',
      KAFKA_BROKERS: brokers.join(','),
      REDIS_URL: redisUrl,
      HTTP_PORT: String(port),
      LOG_LEVEL: 'info',
      CONSUMER_GROUP: names.group,
      TRANSACTIONAL_ID_PREFIX: names.group,
      INPUT_TOPIC: names.input,
      MATCHES_TOPIC: names.matches,
      TIMEOUTS_TOPIC: names.timeouts,
      LATE_TOPIC: names.late,
      MAX_OUT_OF_ORDERNESS_MS: String(BOUND_MS),
      CHECKPOINT_INTERVAL_MS: '1000',
      SESSION_TIMEOUT_MS: '8000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const log = logFile === undefined ? undefined : createWriteStream(logFile, { flags: 'a' });
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-200_000);
    log?.write(chunk);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  return {
    process: child,
    url,
    output: () => output,
    exited,
    isReady: async () => {
      try {
        return (await fetch(`${url}/ready`)).ok;
      } catch {
        return false;
      }
    },
  };
}

/** Input offsets the service's group has committed, per partition. */
export async function committedOffsets(admin: Admin, names: CepRunNames): Promise<Map<number, number>> {
  const [offsets] = await admin.fetchOffsets({ groupId: names.group, topics: [names.input] });
  return new Map(offsets?.partitions.map((p) => [p.partition, Math.max(0, Number(p.offset))]) ?? []);
}

export async function waitUntilConsumed(admin: Admin, names: CepRunNames, timeoutMs: number): Promise<void> {
  const ends = await admin.fetchTopicOffsets(names.input);
  await waitFor(
    async () => {
      const committed = await committedOffsets(admin, names);
      return ends.every(({ partition, high }) => (committed.get(partition) ?? 0) >= Number(high));
    },
    { timeoutMs, intervalMs: 250, description: `group ${names.group} to commit all of ${names.input}` },
  );
}

type PatternMatch = ReturnType<typeof cep.toPatternMatch>;
type PatternTimeout = ReturnType<typeof cep.toPatternTimeout>;

export interface CepOutputs {
  matches: PatternMatch[];
  timeouts: PatternTimeout[];
  /** `patternId eventId` per late event. */
  late: string[];
}

/**
 * The oracle: a plain PatternMatcher per input partition over the same patterns, fed the partition's
 * events in log order and advanced after each to the partition's watermark (newest event time − bound
 * − 1), as the stream runtime computes it. Sorted, for comparison.
 */
export function oracleOutputs(
  arrival: readonly StreamEvent[],
  partitions: number,
  patternsDir: string = cep.BUILT_IN_PATTERNS_DIRECTORY,
  threshold = 1_000,
): CepOutputs {
  const folder = cep.loadPatternFolder(patternsDir, {
    parameters: { [cep.HIGH_VALUE_TRANSACTION]: { threshold } },
  });
  if (folder.errors.length > 0) throw folder.errors[0];
  const out: CepOutputs = { matches: [], timeouts: [], late: [] };
  for (let partition = 0; partition < partitions; partition++) {
    const matcher = new cep.PatternMatcher<StreamEvent>();
    for (const { pattern } of folder.files) matcher.registerPattern(pattern);
    const byId = new Map(folder.files.map(({ pattern }) => [pattern.id, pattern]));
    const identity = (id: string) => byId.get(id) ?? { id, name: id, severity: 'medium' as const };
    matcher.on('match', (match) => out.matches.push(cep.toPatternMatch(identity(match.patternId), match)));
    matcher.on('timeout', (timeout) =>
      out.timeouts.push(cep.toPatternTimeout(identity(timeout.patternId), timeout)),
    );
    matcher.on('late', (late) => out.late.push(`${late.patternId} ${late.event.eventId}`));
    let newest = Number.NEGATIVE_INFINITY;
    for (const event of arrival) {
      if (partitionOfUser(event.userId, partitions) !== partition) continue;
      matcher.process(event);
      newest = Math.max(newest, event.timestamp);
      matcher.advanceTime(newest - BOUND_MS - 1);
    }
  }
  return sortOutputs(out);
}

export function sortOutputs(outputs: CepOutputs): CepOutputs {
  const byId =
    <T>(id: (item: T) => string) =>
    (left: T, right: T) =>
      id(left).localeCompare(id(right)) || JSON.stringify(left).localeCompare(JSON.stringify(right));
  return {
    matches: [...outputs.matches].sort(byId((match) => match.matchId)),
    timeouts: [...outputs.timeouts].sort(byId((timeout) => timeout.timeoutId)),
    late: [...outputs.late].sort(),
  };
}

/** What the service committed to its three output topics, read read_committed, sorted. */
export async function readOutputs(kafka: Kafka, names: CepRunNames): Promise<CepOutputs> {
  const values = async (topic: string) => (await readCommitted(kafka, topic, 120_000)).map((r) => r.value);
  const matches = (await values(names.matches)).map((value) => cep.decodeMatch(Buffer.from(value)));
  const timeouts = (await values(names.timeouts)).map((value) => JSON.parse(value) as PatternTimeout);
  const late = (await values(names.late)).map((value) => {
    const record = JSON.parse(value) as { patternId: string; event: StreamEvent };
    return `${record.patternId} ${record.event.eventId}`;
  });
  return sortOutputs({ matches, timeouts, late });
}

/** Ids that occur more than once: a duplicate write shows here. */
export function duplicates(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  return ids.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
}
