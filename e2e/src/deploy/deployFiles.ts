/**
 * Readers for the deployment files at the repository root (docker-compose.kafka.yml, the Dockerfile,
 * .dockerignore, infrastructure/topics.yaml), shared by the structural tests in this folder.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

export const REPO_ROOT = resolve(__dirname, '../../..');
export const COMPOSE_FILE = join(REPO_ROOT, 'docker-compose.kafka.yml');

/** The four services: folder under services/ and HTTP port. */
export const SERVICE_PORTS: Readonly<Record<string, number>> = {
  ingestion: 8080,
  'stream-processor': 8081,
  'cep-engine': 8082,
  'alert-engine': 8083,
};
export const SERVICE_NAMES = Object.keys(SERVICE_PORTS);

type EnvValue = string | number | boolean | null;

export interface ComposePortLong {
  target: number | string;
  published?: number | string;
  host_ip?: string;
  protocol?: string;
}

export interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, EnvValue> | string[];
  env_file?: string | string[];
  depends_on?: string[] | Record<string, { condition?: string; required?: boolean; restart?: boolean }>;
  ports?: Array<string | number | ComposePortLong>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  restart?: string;
  hostname?: string;
  volumes?: Array<string | { type?: string; source?: string; target?: string }>;
  network_mode?: string;
  stop_grace_period?: string;
  init?: boolean;
}

export interface ComposeFile {
  name?: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export function readRepoFile(relativePath: string): string {
  return readFileSync(join(REPO_ROOT, relativePath), 'utf8');
}

/** The compose file with YAML merge keys (`<<: *anchor`) resolved, as Compose resolves them. */
export function loadCompose(): ComposeFile {
  const parsed: unknown = parse(readFileSync(COMPOSE_FILE, 'utf8'), { merge: true });
  if (typeof parsed !== 'object' || parsed === null || !('services' in parsed)) {
    throw new Error(`${COMPOSE_FILE} has no services`);
  }
  return parsed as ComposeFile;
}

/** A service's environment as strings, from either the map or the `KEY=value` list form. */
export function envOf(service: ComposeService): Record<string, string> {
  const env: Record<string, string> = {};
  const raw = service.environment;
  if (Array.isArray(raw)) {
    for (const entry of raw) {
      const eq = entry.indexOf('=');
      if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
    }
  } else if (raw) {
    for (const [key, value] of Object.entries(raw)) env[key] = value === null ? '' : String(value);
  }
  return env;
}

/** `depends_on` as name → condition; the short list form means `service_started`. */
export function dependenciesOf(service: ComposeService): Map<string, string> {
  const deps = new Map<string, string>();
  const raw = service.depends_on;
  if (Array.isArray(raw)) {
    for (const name of raw) deps.set(name, 'service_started');
  } else if (raw) {
    for (const [name, spec] of Object.entries(raw)) deps.set(name, spec?.condition ?? 'service_started');
  }
  return deps;
}

export function commandOf(service: ComposeService): string[] {
  const raw = service.command;
  if (raw === undefined) return [];
  return Array.isArray(raw) ? raw.map(String) : raw.trim().split(/\s+/);
}

export function healthcheckText(service: ComposeService): string {
  const test = service.healthcheck?.test;
  if (test === undefined) return '';
  return Array.isArray(test) ? test.join(' ') : test;
}

export interface PortBinding {
  /** As written in the compose file. */
  spec: string;
  /** undefined: published on every interface. */
  hostIp: string | undefined;
  /** undefined: an ephemeral host port. */
  hostPort: number | undefined;
  containerPort: number;
}

/** Parses the short (`[ip:][host:]container[/proto]`) and long port syntaxes. */
export function portBindingsOf(service: ComposeService): PortBinding[] {
  return (service.ports ?? []).map((entry): PortBinding => {
    if (typeof entry === 'object') {
      return {
        spec: JSON.stringify(entry),
        hostIp: entry.host_ip,
        hostPort: entry.published === undefined ? undefined : Number(entry.published),
        containerPort: Number(entry.target),
      };
    }
    const spec = String(entry);
    let rest = spec.replace(/\/(tcp|udp|sctp)$/, '');
    let hostIp: string | undefined;
    const ipv6 = /^\[([^\]]+)\]:(.*)$/.exec(rest);
    if (ipv6) {
      hostIp = ipv6[1];
      rest = ipv6[2] ?? '';
    }
    const parts = rest.split(':');
    if (parts.length === 3) {
      hostIp = parts[0];
      parts.shift();
    }
    const containerPort = Number(parts[parts.length - 1]);
    const host = parts.length === 2 ? parts[0] : undefined;
    return {
      spec,
      hostIp,
      hostPort: host === undefined || host === '' ? undefined : Number(host),
      containerPort,
    };
  });
}

export interface Listener {
  name: string;
  host: string;
  port: number;
}

/** Parses a Kafka listener list such as `INTERNAL://:9092,EXTERNAL://127.0.0.1:19092`. */
export function parseListeners(value: string | undefined): Map<string, Listener> {
  const listeners = new Map<string, Listener>();
  for (const item of (value ?? '').split(',').map((s) => s.trim())) {
    const match = /^([A-Za-z0-9_-]+):\/\/(\[[^\]]*\]|[^:]*):(\d+)$/.exec(item);
    if (!match) continue;
    const [, name = '', host = '', port = '0'] = match;
    listeners.set(name, { name, host, port: Number(port) });
  }
  return listeners;
}

export interface TopicCatalogueFile {
  defaults: { partitions: number; replicationFactor: number; minInsyncReplicas: number };
  topics: Array<{ name: string; partitions?: number; retries?: number; dlq?: boolean }>;
}

export function loadTopicCatalogue(): TopicCatalogueFile {
  return parse(readRepoFile('infrastructure/topics.yaml')) as TopicCatalogueFile;
}

/** Every topic the catalogue defines, with its retry and dead-letter topics expanded. */
export function catalogueTopicNames(catalogue: TopicCatalogueFile): string[] {
  const names: string[] = [];
  for (const topic of catalogue.topics) {
    names.push(topic.name);
    for (let attempt = 1; attempt <= (topic.retries ?? 0); attempt++)
      names.push(`${topic.name}.retry.${attempt}`);
    if (topic.dlq) names.push(`${topic.name}.dlq`);
  }
  return names;
}

/**
 * Whether .dockerignore keeps `path` (relative to the build context) out of the image's build context:
 * later patterns win, `!` re-includes, a pattern that matches a directory excludes what is under it.
 */
export function isDockerIgnored(path: string, dockerignore: string): boolean {
  let ignored = false;
  for (const line of dockerignore.split('\n')) {
    let pattern = line.trim();
    if (pattern === '' || pattern.startsWith('#')) continue;
    const negate = pattern.startsWith('!');
    if (negate) pattern = pattern.slice(1).trim();
    pattern = pattern.replace(/^\/+/, '').replace(/\/+$/, '');
    if (globToRegExp(pattern).test(path)) ignored = !negate;
  }
  return ignored;
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] ?? '';
    if (char === '*' && glob[i + 1] === '*') {
      // `**/` matches any number of directories, including none
      if (glob[i + 2] === '/') {
        source += '(?:.*/)?';
        i += 2;
      } else {
        source += '.*';
        i += 1;
      }
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}(?:/.*)?$`);
}
