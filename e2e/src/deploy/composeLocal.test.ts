/**
 * Structural checks of infrastructure/containers/compose.local.yml, the override that runs
 * docker-compose.kafka.yml on the images infrastructure/containers builds without a registry: it may
 * swap images and nothing else, and the local images must offer what the base file's settings and
 * health checks use.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT, healthcheckText, loadCompose, readRepoFile } from './deployFiles';

interface OverrideService {
  image?: string;
  pull_policy?: string;
  [setting: string]: unknown;
}

const OVERRIDE_FILE = 'infrastructure/containers/compose.local.yml';
const override = parse(readRepoFile(OVERRIDE_FILE), { merge: true }) as {
  services: Record<string, OverrideService>;
};
const base = loadCompose();

/** The upstream images that have a local stand-in, by the local image's name. */
const LOCAL_STAND_INS: Array<{ upstream: RegExp; local: string }> = [
  { upstream: /^apache\/kafka:/, local: 'localhost/streamforge/kafka:local' },
  { upstream: /^redis:/, local: 'localhost/streamforge/redis:local' },
  { upstream: /^postgres:/, local: 'localhost/streamforge/postgres:local' },
  { upstream: /^streamforge:local$/, local: 'localhost/streamforge/streamforge:local' },
];

describe('infrastructure/containers/compose.local.yml', () => {
  it('names only services of docker-compose.kafka.yml and sets nothing but a never-pulled local image', () => {
    for (const [name, service] of Object.entries(override.services)) {
      expect(Object.keys(base.services)).toContain(name);
      expect(Object.keys(service).sort()).toEqual(['image', 'pull_policy']);
      expect(service.image).toMatch(/^localhost\/streamforge\/[a-z-]+:local$/);
      expect(service.pull_policy).toBe('never');
    }
  });

  it('swaps every upstream image that has a local stand-in, and only the registry and UI keep theirs', () => {
    const keptUpstream: string[] = [];
    for (const [name, service] of Object.entries(base.services)) {
      const standIn = LOCAL_STAND_INS.find(({ upstream }) => upstream.test(service.image ?? ''));
      if (standIn)
        expect({ name, image: override.services[name]?.image }).toEqual({ name, image: standIn.local });
      else keptUpstream.push(name);
    }
    expect(keptUpstream.sort()).toEqual(['kafka-ui', 'schema-registry']);
  });

  it('gives the local Kafka image the CLI the brokers’ health check runs', () => {
    const tools = new Set(
      Object.values(base.services)
        .map((service) => /\/opt\/kafka\/bin\/([\w-]+\.sh)/.exec(healthcheckText(service))?.[1])
        .filter((tool): tool is string => tool !== undefined),
    );
    expect(tools.size).toBeGreaterThan(0);
    for (const tool of tools) {
      expect(existsSync(join(REPO_ROOT, 'infrastructure/containers/images/kafka/bin', tool))).toBe(true);
    }
  });
});
