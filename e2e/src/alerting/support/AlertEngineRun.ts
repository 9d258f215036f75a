import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createKafkaClient,
  createProducer,
  deadLetterTopicName,
  ensureTopics,
  loadTopicCatalogue,
} from '@streamforge/kafka';
import { startKafka, startPostgres, uniqueName } from '@streamforge/testing';
import type { Kafka, Producer } from 'kafkajs';
import { Pool } from 'pg';
import { ServiceStack, createRunDatabase } from '../../stack/index.js';

export const API_KEY = 'e2e-alert-engine-api-key-0123456789';

export interface AlertEngineTopics {
  matches: string;
  aggregates: string;
  alertEvents: string;
}

/** A CEP match as cep-engine writes it to cep.matches (JSON, the PatternMatch shape). */
export interface MatchRecord {
  matchId: string;
  patternId: string;
  key: string;
  severity: string;
  summary: string;
  events: Array<{ eventId: string }>;
  matchedAt: number;
}

/**
 * One alert-engine run on real Kafka and Postgres: its own topics, database, consumer group, rule folder
 * and alerting config file, the built service as a child process (ServiceStack), a producer for its
 * inputs and an API client.
 */
export class AlertEngineRun {
  private constructor(
    readonly name: string,
    readonly kafka: Kafka,
    readonly topics: AlertEngineTopics,
    readonly stack: ServiceStack,
    readonly db: Pool,
    private readonly producer: Producer,
    private readonly dropDatabase: () => Promise<void>,
  ) {}

  static async start(options: {
    prefix: string;
    config: Record<string, unknown>;
    rules: Array<Record<string, unknown>>;
    env?: Record<string, string>;
  }): Promise<AlertEngineRun> {
    const name = uniqueName(options.prefix).replace(/[^a-z0-9]/g, '_');
    const kafkaSettings = await startKafka();
    const postgres = await startPostgres();
    const database = await createRunDatabase(postgres.url, name);
    const kafka = createKafkaClient({ brokers: kafkaSettings.brokers, clientId: name });
    const topics = await createTopics(kafka, name);
    const dir = mkdtempSync(join(tmpdir(), `${name}-`));
    const rulesDir = join(dir, 'rules');
    mkdirSync(rulesDir);
    writeFileSync(join(rulesDir, 'rules.json'), JSON.stringify({ rules: options.rules }));
    const configFile = join(dir, 'alerting.json');
    writeFileSync(configFile, JSON.stringify(options.config));
    const stack = await ServiceStack.start({
      brokers: kafkaSettings.brokers,
      redisUrl: 'redis://127.0.0.1:6379',
      databaseUrl: database.url,
      logDir: join(dir, 'logs'),
      services: ['alert-engine'],
      serviceEnv: {
        'alert-engine': {
          MATCHES_TOPIC: topics.matches,
          AGGREGATES_TOPIC: topics.aggregates,
          ALERT_EVENTS_TOPIC: topics.alertEvents,
          CONSUMER_GROUP: `${name}-alerts`,
          RULES_DIR: rulesDir,
          ALERTING_CONFIG_FILE: configFile,
          API_KEY,
          TICK_INTERVAL_MS: '100',
          OUTBOX_POLL_MS: '100',
          OUTBOX_LEASE_MS: '3000',
          OUTBOX_BACKOFF_MS: '200',
          SESSION_TIMEOUT_MS: '6000',
          ...options.env,
        },
      },
    });
    const producer = createProducer(kafka);
    await producer.connect();
    const db = new Pool({ connectionString: database.url, max: 2 });
    // close() drops the database WITH (FORCE), which ends any connection a late query still holds: an
    // idle client's termination is then expected, not a failure of the run.
    db.on('error', () => undefined);
    return new AlertEngineRun(name, kafka, topics, stack, db, producer, database.drop);
  }

  url(): string {
    return this.stack.url('alert-engine');
  }

  async produceMatches(matches: readonly MatchRecord[]): Promise<void> {
    await this.producer.send({
      topic: this.topics.matches,
      acks: -1,
      // One key: one partition and one consumed batch, so the test controls what lands in one step.
      messages: matches.map((match) => ({ key: match.patternId, value: JSON.stringify(match) })),
    });
  }

  async produceAggregate(aggregate: {
    metric: string;
    value: number;
    labels: Record<string, string>;
    at: number;
  }): Promise<void> {
    await this.producer.send({
      topic: this.topics.aggregates,
      acks: -1,
      messages: [{ key: aggregate.metric, value: JSON.stringify(aggregate) }],
    });
  }

  /** Calls the API; writes carry the API key unless `apiKey: null`. */
  async api(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    body?: unknown,
    apiKey: string | null = API_KEY,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (apiKey !== null && method !== 'GET') headers['x-api-key'] = apiKey;
    const response = await fetch(`${this.url()}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
    };
  }

  async close(): Promise<void> {
    await this.stack.stop().catch(() => undefined);
    await this.producer.disconnect().catch(() => undefined);
    await this.db.end().catch(() => undefined);
    await this.dropDatabase();
  }
}

/** The run's cep.matches, metrics.aggregates (with their dead-letter topics) and alerts.events. */
async function createTopics(kafka: Kafka, prefix: string): Promise<AlertEngineTopics> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { brokers } = await admin.describeCluster();
    const catalogue = loadTopicCatalogue(undefined, { brokerCount: brokers.length });
    const wanted = new Set([
      'cep.matches',
      deadLetterTopicName('cep.matches'),
      'metrics.aggregates',
      deadLetterTopicName('metrics.aggregates'),
      'alerts.events',
    ]);
    await ensureTopics(
      admin,
      catalogue.topics
        .filter((spec) => wanted.has(spec.name))
        .map((spec) => ({ ...spec, name: `${prefix}.${spec.name}` })),
    );
  } finally {
    await admin.disconnect();
  }
  return {
    matches: `${prefix}.cep.matches`,
    aggregates: `${prefix}.metrics.aggregates`,
    alertEvents: `${prefix}.alerts.events`,
  };
}

/** Reads every record of a topic from the beginning until `done` holds for what was read. */
export async function readTopicUntil<T>(
  kafka: Kafka,
  topic: string,
  decode: (value: Buffer | null, headers: Record<string, string>) => T,
  done: (records: T[]) => boolean,
  timeoutMs = 20_000,
): Promise<T[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('alert-events-reader'), readUncommitted: false });
  const records: T[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let finished!: () => void;
    const complete = new Promise<void>((resolve) => (finished = resolve));
    await consumer.run({
      eachMessage: async ({ message }) => {
        const headers = Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
        );
        records.push(decode(message.value, headers));
        if (done(records)) finished();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([complete, timeout]);
    clearTimeout(timer);
  } finally {
    await consumer.disconnect();
  }
  return records;
}
