import { apicurioArchiveUrl, MAVEN_REPOSITORY_ENV } from './ApicurioDistribution.js';
import { DEFAULT_REGISTRY_PORT, registryLayout } from './RegistryLayout.js';

describe('registryLayout', () => {
  it('puts the ccompat API, pid and log of each port under <cache>/schema-registry', () => {
    expect(registryLayout('/c')).toEqual({
      port: DEFAULT_REGISTRY_PORT,
      managementPort: DEFAULT_REGISTRY_PORT + 1,
      url: `http://127.0.0.1:${DEFAULT_REGISTRY_PORT}/apis/ccompat/v7`,
      readinessUrl: `http://127.0.0.1:${DEFAULT_REGISTRY_PORT}/health/ready`,
      dir: '/c/schema-registry',
      pidFile: `/c/schema-registry/registry-${DEFAULT_REGISTRY_PORT}.pid`,
      logFile: `/c/schema-registry/registry-${DEFAULT_REGISTRY_PORT}.log`,
      lockDir: `/c/schema-registry/.registry-${DEFAULT_REGISTRY_PORT}.lock`,
    });
    expect(registryLayout('/c', 18_100).pidFile).toBe('/c/schema-registry/registry-18100.pid');
  });

  it('never uses Quarkus defaults 8080 and 9000', () => {
    const layout = registryLayout('/c');
    expect([layout.port, layout.managementPort]).not.toContain(8080);
    expect([layout.port, layout.managementPort]).not.toContain(9000);
  });
});

describe('apicurioArchiveUrl', () => {
  it('points at the pinned -all archive on Maven Central, or on a mirror with the same layout', () => {
    const path = 'io/apicurio/apicurio-registry-app/3.0.9/apicurio-registry-app-3.0.9-all.tar.gz';
    expect(apicurioArchiveUrl({})).toBe(`https://repo.maven.apache.org/maven2/${path}`);
    expect(apicurioArchiveUrl({ [MAVEN_REPOSITORY_ENV]: 'https://mirror.example/maven/' })).toBe(
      `https://mirror.example/maven/${path}`,
    );
  });
});
