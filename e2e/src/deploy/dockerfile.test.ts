/**
 * Structural checks of the Dockerfile and .dockerignore that docker-compose.kafka.yml builds from.
 */
import { isDockerIgnored, readRepoFile } from './deployFiles';

const dockerfile = readRepoFile('Dockerfile');
const dockerignore = readRepoFile('.dockerignore');

/** Default values of the Dockerfile's ARGs, for resolving `${NAME}` in FROM and RUN lines. */
function argDefaults(): Map<string, string> {
  const args = new Map<string, string>();
  for (const match of dockerfile.matchAll(/^ARG\s+([A-Za-z_][A-Za-z0-9_]*)=(\S+)\s*$/gm)) {
    args.set(match[1] ?? '', match[2] ?? '');
  }
  return args;
}

function substitute(text: string): string {
  const args = argDefaults();
  return text.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (whole, name: string) => args.get(name) ?? whole);
}

interface Stage {
  image: string;
  name: string | undefined;
  body: string;
}

function stages(): Stage[] {
  const parts = dockerfile.split(/^(?=FROM\s)/m).filter((part) => part.startsWith('FROM'));
  return parts.map((part) => {
    const match = /^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(part);
    return { image: substitute(match?.[1] ?? ''), name: match?.[2], body: part };
  });
}

describe('Dockerfile', () => {
  it('is multi-stage, from node:20-bookworm-slim', () => {
    const all = stages();
    expect(all.length).toBeGreaterThanOrEqual(2);
    const names = new Set(all.map((s) => s.name));
    for (const stage of all) {
      // each stage starts from Node 20 slim or from an earlier stage
      expect(stage.image === 'node:20-bookworm-slim' || names.has(stage.image)).toBe(true);
    }
    expect(all[0]?.image).toBe('node:20-bookworm-slim');
    expect(all[all.length - 1]?.image).toBe('node:20-bookworm-slim');
  });

  it('installs the pnpm release of package.json with npm, not corepack', () => {
    const packageManager = (JSON.parse(readRepoFile('package.json')) as { packageManager: string })
      .packageManager;
    expect(packageManager).toMatch(/^pnpm@\d+\.\d+\.\d+$/);
    expect(substitute(dockerfile)).toContain(`npm install -g ${packageManager}`);
    expect(dockerfile).not.toMatch(/^\s*RUN.*corepack/m);
  });

  it('installs from the lockfile and builds the workspace', () => {
    expect(dockerfile).toMatch(/pnpm install --frozen-lockfile/);
    expect(dockerfile).toMatch(/^RUN pnpm (run )?build$/m);
    expect(dockerfile).toMatch(/^COPY \. \.$/m);
  });

  it('runs the last stage as an unprivileged user, without devDependencies, with a default command', () => {
    const runtime = stages().at(-1);
    expect(runtime?.body).toMatch(/^COPY --from=\S+ \/app \/app$/m);
    expect(runtime?.body).toMatch(/^USER (node|[1-9]\d*)$/m);
    expect(runtime?.body).toMatch(/^CMD \["node", "services\/[a-z-]+\/dist\/main\.js"\]$/m);
    expect(dockerfile).toMatch(/pnpm install --prod/);
  });
});

describe('.dockerignore', () => {
  it.each([
    'node_modules',
    'packages/kafka/node_modules',
    'services/ingestion/dist',
    '.git',
    '.turbo',
    'coverage',
  ])('keeps %s out of the build context', (path) => {
    expect(isDockerIgnored(path, dockerignore)).toBe(true);
  });

  it.each([
    'package.json',
    'pnpm-lock.yaml',
    'pnpm-workspace.yaml',
    'turbo.json',
    'tsconfig.base.json',
    'infrastructure/topics.yaml',
    'infrastructure/migrations/1763856000000_initial-schema.sql',
    'infrastructure/local/package.json',
    'services/ingestion/src/main.ts',
    'packages/kafka/src/index.ts',
    'e2e/package.json',
  ])('sends %s to the build', (path) => {
    expect(isDockerIgnored(path, dockerignore)).toBe(false);
  });
});
