/**
 * Structural checks of docker-compose.kafka.yml: the Kafka cluster's shape and durability settings, the
 * supporting services, the StreamForge services and their start order, published ports, and that the
 * topic catalogue is applied. When a compose CLI answers, `compose config` validates the file as well.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  COMPOSE_FILE,
  REPO_ROOT,
  SERVICE_NAMES,
  SERVICE_PORTS,
  catalogueTopicNames,
  commandOf,
  dependenciesOf,
  envOf,
  healthcheckText,
  isDockerIgnored,
  loadCompose,
  loadTopicCatalogue,
  parseListeners,
  portBindingsOf,
  readRepoFile,
} from './deployFiles';
import type { ComposeFile, ComposeService } from './deployFiles';

const compose: ComposeFile = loadCompose();
const services = compose.services;
const BROKERS = ['kafka-1', 'kafka-2', 'kafka-3'];
const INTERNAL_BOOTSTRAP = BROKERS.map((broker) => `${broker}:9092`);

function service(name: string): ComposeService {
  const found = services[name];
  if (!found) throw new Error(`docker-compose.kafka.yml has no service "${name}"`);
  return found;
}

function brokerEnv(name: string): Record<string, string> {
  return envOf(service(name));
}

function hostOf(url: string | undefined): string {
  return new URL(url ?? '').hostname;
}

/** host:port pairs of a comma-separated broker list, protocol prefixes (PLAINTEXT://) removed. */
function bootstrapList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim().replace(/^[A-Za-z_]+:\/\//, ''))
    .filter((item) => item.length > 0)
    .sort();
}

describe('docker-compose.kafka.yml: Kafka', () => {
  it('runs exactly three brokers, kafka-1..3, from apache/kafka:3.9.2', () => {
    const kafkaServices = Object.entries(services)
      .filter(([, s]) => (s.image ?? '').startsWith('apache/kafka'))
      .map(([name]) => name)
      .sort();
    expect(kafkaServices).toEqual(BROKERS);
    for (const broker of BROKERS) expect(service(broker).image).toBe('apache/kafka:3.9.2');
  });

  it('makes every node a KRaft broker + controller in one cluster with a quorum of all three', () => {
    const nodeIds = BROKERS.map((broker) => Number(brokerEnv(broker).KAFKA_NODE_ID));
    expect(new Set(nodeIds).size).toBe(3);
    for (const id of nodeIds) expect(Number.isInteger(id) && id >= 0).toBe(true);

    const clusterIds = new Set(BROKERS.map((broker) => brokerEnv(broker).CLUSTER_ID));
    expect(clusterIds.size).toBe(1);
    const [clusterId = ''] = [...clusterIds];
    // a Kafka Uuid: 16 bytes, base64url without padding
    expect(clusterId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Buffer.from(clusterId, 'base64url')).toHaveLength(16);

    const voterStrings = new Set(BROKERS.map((broker) => brokerEnv(broker).KAFKA_CONTROLLER_QUORUM_VOTERS));
    expect(voterStrings.size).toBe(1);
    const voters = ([...voterStrings][0] ?? '').split(',').map((voter) => {
      const match = /^(\d+)@([^:]+):(\d+)$/.exec(voter.trim());
      if (!match) throw new Error(`malformed quorum voter "${voter}"`);
      return { id: Number(match[1]), host: match[2] ?? '', port: Number(match[3]) };
    });
    expect(voters).toHaveLength(3);

    for (const broker of BROKERS) {
      const env = brokerEnv(broker);
      expect(
        env.KAFKA_PROCESS_ROLES?.split(',')
          .map((r) => r.trim())
          .sort(),
      ).toEqual(['broker', 'controller']);

      const controllerName = env.KAFKA_CONTROLLER_LISTENER_NAMES ?? '';
      expect(controllerName).not.toBe('');
      const listeners = parseListeners(env.KAFKA_LISTENERS);
      const controller = listeners.get(controllerName);
      expect(controller).toBeDefined();
      // the controller listener is for the quorum only, never handed to clients
      expect(parseListeners(env.KAFKA_ADVERTISED_LISTENERS).has(controllerName)).toBe(false);

      // this node is a voter, reachable by its service name on its controller port
      const voter = voters.find((v) => v.id === Number(env.KAFKA_NODE_ID));
      expect(voter).toEqual({ id: Number(env.KAFKA_NODE_ID), host: broker, port: controller?.port });
      const hostname = service(broker).hostname;
      if (hostname !== undefined) expect(hostname).toBe(broker);

      // every listener has a security protocol
      const protocolMap = new Map(
        (env.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP ?? '').split(',').map((pair) => {
          const [name = '', protocol = ''] = pair.trim().split(':');
          return [name, protocol] as const;
        }),
      );
      for (const name of listeners.keys()) expect(protocolMap.get(name)).toBeDefined();
    }
  });

  it('advertises the internal listener by service name and the external one on its 127.0.0.1 host port', () => {
    const externalPorts: number[] = [];
    for (const broker of BROKERS) {
      const env = brokerEnv(broker);
      const listeners = parseListeners(env.KAFKA_LISTENERS);
      const advertised = parseListeners(env.KAFKA_ADVERTISED_LISTENERS);
      const interBroker = env.KAFKA_INTER_BROKER_LISTENER_NAME ?? '';

      const internal = advertised.get(interBroker);
      expect(internal).toEqual({ name: interBroker, host: broker, port: listeners.get(interBroker)?.port });
      expect(internal?.port).toBe(9092);

      const external = [...advertised.values()].filter((l) => l.name !== interBroker);
      expect(external).toHaveLength(1);
      const [outside] = external;
      expect(['127.0.0.1', 'localhost']).toContain(outside?.host);
      // published on the same port inside and out, so the advertised address works from the host
      expect(listeners.get(outside?.name ?? '')?.port).toBe(outside?.port);
      expect(portBindingsOf(service(broker))).toContainEqual(
        expect.objectContaining({
          hostIp: '127.0.0.1',
          hostPort: outside?.port,
          containerPort: outside?.port,
        }),
      );
      externalPorts.push(outside?.port ?? 0);
    }
    expect(externalPorts).toEqual([19092, 19093, 19094]);
  });

  it('replicates 3 ways, requires 2 in-sync replicas, never elects an unclean leader, never auto-creates', () => {
    for (const broker of BROKERS) {
      const env = brokerEnv(broker);
      expect({
        offsetsRf: env.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR,
        transactionsRf: env.KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR,
        transactionsMinIsr: env.KAFKA_TRANSACTION_STATE_LOG_MIN_ISR,
        defaultRf: env.KAFKA_DEFAULT_REPLICATION_FACTOR,
        minIsr: env.KAFKA_MIN_INSYNC_REPLICAS,
        unclean: env.KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE,
        autoCreate: env.KAFKA_AUTO_CREATE_TOPICS_ENABLE,
      }).toEqual({
        offsetsRf: '3',
        transactionsRf: '3',
        transactionsMinIsr: '2',
        defaultRf: '3',
        minIsr: '2',
        unclean: 'false',
        autoCreate: 'false',
      });
    }
  });

  it('keeps each broker’s log directory on a volume of its own', () => {
    const sources = BROKERS.map((broker) => {
      const logDir = brokerEnv(broker).KAFKA_LOG_DIRS ?? '';
      expect(logDir).not.toBe('');
      const mount = (service(broker).volumes ?? [])
        .map((v) => (typeof v === 'string' ? { source: v.split(':')[0], target: v.split(':')[1] } : v))
        .find((v) => v.target === logDir);
      expect(mount?.source).toBeDefined();
      expect(Object.keys(compose.volumes ?? {})).toContain(mount?.source);
      return mount?.source;
    });
    expect(new Set(sources).size).toBe(3);
  });

  it('checks broker health with the Kafka CLI from /opt/kafka/bin', () => {
    for (const broker of BROKERS) {
      expect(healthcheckText(service(broker))).toMatch(
        /\/opt\/kafka\/bin\/(kafka-broker-api-versions|kafka-topics)\.sh --bootstrap-server/,
      );
    }
  });
});

describe('docker-compose.kafka.yml: supporting services', () => {
  it('runs the schema registry against the three brokers, on host port 8085', () => {
    const registry = service('schema-registry');
    expect(registry.image).toMatch(/^confluentinc\/cp-schema-registry:7\.7\.\d+$/);
    const env = envOf(registry);
    expect(bootstrapList(env.SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS)).toEqual(INTERNAL_BOOTSTRAP);
    expect(env.SCHEMA_REGISTRY_HOST_NAME).toBeTruthy();
    const listener = new URL(env.SCHEMA_REGISTRY_LISTENERS ?? '');
    expect(portBindingsOf(registry)).toContainEqual(
      expect.objectContaining({ hostIp: '127.0.0.1', hostPort: 8085, containerPort: Number(listener.port) }),
    );
  });

  it('judges schema evolution as the local launcher does: global compatibility BACKWARD, answering when healthy', () => {
    const registry = service('schema-registry');
    // The launcher's Apicurio Registry is set to BACKWARD globally (ensureSchemaRegistry): same rules in both.
    expect(envOf(registry).SCHEMA_REGISTRY_SCHEMA_COMPATIBILITY_LEVEL?.toUpperCase()).toBe('BACKWARD');
    const listener = new URL(envOf(registry).SCHEMA_REGISTRY_LISTENERS ?? '');
    // Healthy only once the API answers on the port it listens on, not merely when the JVM runs.
    expect(healthcheckText(registry)).toMatch(new RegExp(`localhost:${listener.port}/subjects`));
    expect(dependenciesOf(registry).get('kafka-1')).toBe('service_healthy');
  });

  it('runs Kafka UI on host port 8088 with the cluster and the registry configured', () => {
    const ui = service('kafka-ui');
    expect(ui.image).toMatch(/^provectuslabs\/kafka-ui(:|$)/);
    const env = envOf(ui);
    expect(bootstrapList(env.KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS)).toEqual(INTERNAL_BOOTSTRAP);
    const registryUrl = new URL(env.KAFKA_CLUSTERS_0_SCHEMAREGISTRY ?? '');
    expect(registryUrl.hostname).toBe('schema-registry');
    const registryListener = new URL(envOf(service('schema-registry')).SCHEMA_REGISTRY_LISTENERS ?? '');
    expect(registryUrl.port).toBe(registryListener.port);
    expect(portBindingsOf(ui)).toContainEqual(
      expect.objectContaining({ hostIp: '127.0.0.1', hostPort: 8088, containerPort: 8080 }),
    );
  });

  it('runs Redis 7 and Postgres 15 with health checks', () => {
    const redis = service('redis');
    expect(redis.image).toBe('redis:7-alpine');
    expect(healthcheckText(redis)).toContain('redis-cli ping');

    const postgres = service('postgres');
    expect(postgres.image).toMatch(/^postgres:15(\b|$)/);
    expect(healthcheckText(postgres)).toContain('pg_isready');
    const env = envOf(postgres);
    expect(env.POSTGRES_DB).toBe('streamforge');
    // either trust or a password
    expect(Boolean(env.POSTGRES_HOST_AUTH_METHOD) || Boolean(env.POSTGRES_PASSWORD)).toBe(true);
  });
});

describe('docker-compose.kafka.yml: StreamForge', () => {
  const streamforgeServices = [...SERVICE_NAMES, 'topic-init', 'migrate'];

  it('builds every StreamForge container from the one image of ./Dockerfile', () => {
    const images = new Set<string | undefined>();
    for (const name of streamforgeServices) {
      const s = service(name);
      const build = typeof s.build === 'string' ? { context: s.build } : s.build;
      expect(build?.context).toMatch(/^\.\/?$/);
      expect(existsSync(join(REPO_ROOT, build?.dockerfile ?? 'Dockerfile'))).toBe(true);
      images.add(s.image);
    }
    expect(images.size).toBe(1);
  });

  it.each(SERVICE_NAMES)(
    'runs %s from its dist/main.js with its port, settings and a /health check',
    (name) => {
      const s = service(name);
      expect(existsSync(join(REPO_ROOT, 'services', name, 'package.json'))).toBe(true);
      expect(commandOf(s)).toEqual(['node', `services/${name}/dist/main.js`]);

      const env = envOf(s);
      const port = SERVICE_PORTS[name];
      expect(env.HTTP_PORT).toBe(String(port));
      expect(bootstrapList(env.KAFKA_BROKERS)).toEqual(INTERNAL_BOOTSTRAP);
      expect(portBindingsOf(s)).toEqual([
        expect.objectContaining({ hostIp: '127.0.0.1', hostPort: port, containerPort: port }),
      ]);

      const health = healthcheckText(s);
      expect(health).toMatch(/\bnode\b/);
      expect(health).toContain('/health');
      // the check reaches the port the service listens on
      expect(health.includes(String(port)) || health.includes('process.env.HTTP_PORT')).toBe(true);
    },
  );

  it('gives each service the settings it reads', () => {
    const processor = envOf(service('stream-processor'));
    expect(hostOf(processor.DATABASE_URL)).toBe('postgres');
    expect(new URL(processor.DATABASE_URL ?? '').pathname).toBe('/streamforge');
    expect(hostOf(processor.REDIS_URL)).toBe('redis');
    expect(processor.WINDOW_SIZE_MS).toBe('60000');
    expect(envOf(service('cep-engine')).HIGH_VALUE_THRESHOLD).toBe('1000');
    expect(hostOf(envOf(service('cep-engine')).REDIS_URL)).toBe('redis');
    const alerts = envOf(service('alert-engine'));
    expect(hostOf(alerts.DATABASE_URL)).toBe('postgres');
    expect(new URL(alerts.DATABASE_URL ?? '').pathname).toBe('/streamforge');
  });

  it.each(SERVICE_NAMES)(
    'starts %s after topic-init and migrate succeeded, with Redis and Postgres healthy',
    (name) => {
      const deps = dependenciesOf(service(name));
      expect(deps.get('topic-init')).toBe('service_completed_successfully');
      expect(deps.get('migrate')).toBe('service_completed_successfully');
      expect(deps.get('redis')).toBe('service_healthy');
      expect(deps.get('postgres')).toBe('service_healthy');
    },
  );

  it('applies the Postgres migrations once Postgres is healthy', () => {
    const migrate = service('migrate');
    expect(commandOf(migrate)).toEqual(['node', 'infrastructure/local/dist/cli.js', 'migrate']);
    const url = envOf(migrate).DATABASE_URL;
    expect(hostOf(url)).toBe('postgres');
    expect(new URL(url ?? '').pathname).toBe('/streamforge');
    expect(dependenciesOf(migrate).get('postgres')).toBe('service_healthy');
  });
});

describe('docker-compose.kafka.yml: topics', () => {
  const catalogue = loadTopicCatalogue();
  const topics = catalogueTopicNames(catalogue);

  it('creates every catalogue topic through topic-init, once all three brokers are healthy', () => {
    expect(topics.length).toBeGreaterThan(0);
    const init = service('topic-init');
    // the topics CLI reads infrastructure/topics.yaml and creates whatever is missing
    expect(commandOf(init)).toEqual(['node', 'infrastructure/local/dist/cli.js', 'topics', '--brokers', '3']);
    expect(bootstrapList(envOf(init).KAFKA_BROKERS)).toEqual(INTERNAL_BOOTSTRAP);
    const deps = dependenciesOf(init);
    for (const broker of BROKERS) expect(deps.get(broker)).toBe('service_healthy');
    expect(['no', undefined]).toContain(init.restart);
  });

  it('ships the catalogue in the image, where topic-init looks for it', () => {
    const dockerfile = readRepoFile('Dockerfile');
    const dockerignore = readRepoFile('.dockerignore');
    expect(isDockerIgnored('infrastructure/topics.yaml', dockerignore)).toBe(false);
    expect(dockerfile).toMatch(/^COPY \. \.$/m);
    const catalogueFile = envOf(service('topic-init')).STREAMFORGE_TOPICS_FILE;
    if (catalogueFile !== undefined) {
      const workdirs = [...dockerfile.matchAll(/^WORKDIR\s+(\S+)$/gm)].map((m) => m[1]);
      expect(catalogueFile).toBe(`${workdirs[workdirs.length - 1]}/infrastructure/topics.yaml`);
    }
  });

  it('asks of the cluster no more than it has: RF <= brokers, min ISR below RF', () => {
    const { replicationFactor, minInsyncReplicas } = catalogue.defaults;
    expect(replicationFactor).toBeLessThanOrEqual(BROKERS.length);
    expect(minInsyncReplicas).toBeLessThan(replicationFactor);
    expect(String(minInsyncReplicas)).toBe(brokerEnv('kafka-1').KAFKA_MIN_INSYNC_REPLICAS);
    for (const name of topics) {
      expect(name).toMatch(/^[a-zA-Z0-9._-]{1,249}$/);
    }
    expect(new Set(topics).size).toBe(topics.length);
  });
});

describe('docker-compose.kafka.yml: wiring', () => {
  it('names only existing services in depends_on, with conditions they can meet, and no cycle', () => {
    const conditions = ['service_started', 'service_healthy', 'service_completed_successfully'];
    for (const [name, s] of Object.entries(services)) {
      for (const [dependency, condition] of dependenciesOf(s)) {
        const target = services[dependency];
        expect({ name, dependency, exists: target !== undefined }).toEqual({
          name,
          dependency,
          exists: true,
        });
        expect(conditions).toContain(condition);
        if (condition === 'service_healthy') {
          expect({ dependency, healthcheck: healthcheckText(target ?? {}) !== '' }).toEqual({
            dependency,
            healthcheck: true,
          });
          expect(target?.healthcheck?.disable).not.toBe(true);
        }
        if (condition === 'service_completed_successfully') {
          // a one-shot job: restarting it would keep its dependants waiting
          expect(['no', 'on-failure', undefined]).toContain(target?.restart?.replace(/:\d+$/, ''));
        }
      }
    }
    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (name: string, path: string[]): void => {
      if (done.has(name)) return;
      if (visiting.has(name)) throw new Error(`depends_on cycle: ${[...path, name].join(' -> ')}`);
      visiting.add(name);
      for (const dependency of dependenciesOf(services[name] ?? {}).keys())
        visit(dependency, [...path, name]);
      visiting.delete(name);
      done.add(name);
    };
    for (const name of Object.keys(services)) visit(name, []);
  });

  it('publishes every port on 127.0.0.1 only, each host port once', () => {
    const hostPorts: number[] = [];
    for (const [name, s] of Object.entries(services)) {
      expect({ name, networkMode: s.network_mode }).toEqual({ name, networkMode: undefined });
      for (const binding of portBindingsOf(s)) {
        expect({ name, port: binding.spec, hostIp: binding.hostIp }).toEqual({
          name,
          port: binding.spec,
          hostIp: '127.0.0.1',
        });
        expect(binding.hostPort).toBeDefined();
        hostPorts.push(binding.hostPort ?? 0);
      }
    }
    expect(hostPorts.length).toBeGreaterThan(0);
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
  });

  it('has every expected service', () => {
    const expected = [
      ...BROKERS,
      'schema-registry',
      'kafka-ui',
      'redis',
      'postgres',
      'topic-init',
      'migrate',
      ...SERVICE_NAMES,
    ];
    expect(Object.keys(services).sort()).toEqual(expected.sort());
  });
});

/**
 * A compose implementation that answers `version` and has a `config` command, or undefined: podman-compose
 * before 1.1 answers `version` but has no `config`, so it cannot validate the file.
 */
function findComposeCli(): { command: string; args: string[]; quiet: boolean } | undefined {
  const candidates = [
    { command: 'docker', args: ['compose'], quiet: true },
    { command: 'docker-compose', args: [], quiet: true },
    { command: 'podman-compose', args: [], quiet: false },
  ];
  for (const candidate of candidates) {
    const probe = spawnSync(candidate.command, [...candidate.args, 'version'], {
      encoding: 'utf8',
      timeout: 30_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (probe.error || probe.status !== 0) continue;
    const config = spawnSync(candidate.command, [...candidate.args, 'config', '--help'], {
      encoding: 'utf8',
      timeout: 30_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (!config.error && config.status === 0) return candidate;
  }
  return undefined;
}

describe('docker-compose.kafka.yml: compose CLI', () => {
  it('is accepted by `compose config` when a compose CLI answers', () => {
    const cli = findComposeCli();
    if (!cli) {
      console.warn(
        'skipped `docker compose config`: none of `docker compose`, `docker-compose`, `podman-compose` answers `version` and has `config` here',
      );
      return;
    }
    const args = [...cli.args, '-f', COMPOSE_FILE, 'config', ...(cli.quiet ? ['-q'] : [])];
    const result = spawnSync(cli.command, args, { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
    if (result.error || result.status !== 0) {
      throw new Error(
        `${cli.command} ${args.join(' ')} failed (status ${result.status}): ${result.error?.message ?? ''}\n${result.stderr}`,
      );
    }
  });
});
