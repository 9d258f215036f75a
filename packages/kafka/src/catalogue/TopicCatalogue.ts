import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { TopicCatalogueError } from '../errors.js';

const HOUR_MS = 3_600_000;

const catalogueFileSchema = z.object({
  defaults: z.object({
    partitions: z.number().int().positive(),
    replicationFactor: z.number().int().positive(),
    minInsyncReplicas: z.number().int().positive(),
    deadLetterRetentionHours: z.number().positive(),
  }),
  topics: z
    .array(
      z.object({
        name: z.string().regex(/^[a-zA-Z0-9._-]+$/, 'topic names use letters, digits, ".", "_" and "-"'),
        key: z.string().optional(),
        partitions: z.number().int().positive().optional(),
        retentionHours: z.number().positive(),
        retries: z.number().int().min(0).max(10).optional(),
        dlq: z.boolean().optional(),
        notes: z.string().optional(),
      }),
    )
    .min(1),
  changelog: z.object({ cleanupPolicy: z.enum(['compact', 'compact,delete']) }).optional(),
});

/** One topic to create, with the broker configs it must carry. */
export interface TopicSpec {
  name: string;
  partitions: number;
  replicationFactor: number;
  /** Broker-side topic configs, e.g. `retention.ms`, `min.insync.replicas`. */
  configs: Record<string, string>;
}

/** The catalogue with retry and dead-letter topics expanded, ready for `ensureTopics`. */
export interface TopicCatalogue {
  topics: TopicSpec[];
}

/** Options that adapt the production catalogue to a smaller cluster. */
export interface CatalogueOptions {
  /** Brokers in the target cluster: replication factor and min ISR are capped to fit it. */
  brokerCount?: number;
}

export const TOPIC_CATALOGUE_ENV = 'STREAMFORGE_TOPICS_FILE';

/**
 * Finds infrastructure/topics.yaml: `STREAMFORGE_TOPICS_FILE` first, then walking up from `from`
 * (the working directory by default) so that services, tests and tools all read the same file.
 */
export function findTopicCatalogueFile(from: string = process.cwd()): string {
  const fromEnv = process.env[TOPIC_CATALOGUE_ENV];
  if (fromEnv) return resolve(fromEnv);
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const candidate = join(dir, 'infrastructure', 'topics.yaml');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new TopicCatalogueError(
    `no infrastructure/topics.yaml above ${from}; set ${TOPIC_CATALOGUE_ENV} to the catalogue's path`,
  );
}

/** Reads, validates and expands the topic catalogue. */
export function loadTopicCatalogue(
  file: string = findTopicCatalogueFile(),
  options: CatalogueOptions = {},
): TopicCatalogue {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new TopicCatalogueError(`cannot read topic catalogue ${file}: ${(cause as Error).message}`, cause);
  }
  const parsed = catalogueFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new TopicCatalogueError(`topic catalogue ${file} is invalid: ${issues.join('; ')}`);
  }
  const { defaults, topics } = parsed.data;
  const brokers = options.brokerCount ?? Number.POSITIVE_INFINITY;
  const replicationFactor = Math.min(defaults.replicationFactor, brokers);
  const minInsyncReplicas = Math.min(defaults.minInsyncReplicas, replicationFactor);
  const spec = (name: string, partitions: number, retentionHours: number): TopicSpec => ({
    name,
    partitions,
    replicationFactor,
    configs: {
      'retention.ms': String(Math.round(retentionHours * HOUR_MS)),
      'min.insync.replicas': String(minInsyncReplicas),
      'unclean.leader.election.enable': 'false',
    },
  });

  const expanded: TopicSpec[] = [];
  for (const topic of topics) {
    const partitions = topic.partitions ?? defaults.partitions;
    expanded.push(spec(topic.name, partitions, topic.retentionHours));
    for (let attempt = 1; attempt <= (topic.retries ?? 0); attempt++) {
      expanded.push(spec(retryTopicName(topic.name, attempt), partitions, defaults.deadLetterRetentionHours));
    }
    if (topic.dlq)
      expanded.push(spec(deadLetterTopicName(topic.name), partitions, defaults.deadLetterRetentionHours));
  }
  return { topics: expanded };
}

export function retryTopicName(topic: string, attempt: number): string {
  return `${topic}.retry.${attempt}`;
}

export function deadLetterTopicName(topic: string): string {
  return `${topic}.dlq`;
}
