import { ensureSchemaRegistry } from '@streamforge/local-infra';
import { InfrastructureUnavailableError } from '../errors.js';
import type { InfrastructureSource } from './InfrastructureSettings.js';
import { infrastructureMode } from './infrastructureMode.js';
import { oncePerProcess } from './oncePerProcess.js';

export interface SchemaRegistrySettings {
  /**
   * Base URL of a Confluent-compatible registry API: Confluent's root (`http://127.0.0.1:8085`) or
   * Apicurio's compatibility path (`http://127.0.0.1:8085/apis/ccompat/v7`). May carry credentials.
   */
  url: string;
  source: InfrastructureSource;
}

export const SCHEMA_REGISTRY_URL_ENV = 'SCHEMA_REGISTRY_URL';

/**
 * A schema registry that answers. SCHEMA_REGISTRY_URL wins (e.g. compose's Confluent registry,
 * `http://127.0.0.1:8085`); otherwise the local launcher's Apicurio Registry on 127.0.0.1:8085, which
 * stays running between runs so that only the first run pays its start (and, once, its download).
 * Every suite and worker shares it: keep subjects apart with uniqueName() topics or record names.
 * Its storage is in memory: schema ids restart from 1 when it is restarted.
 */
export function startSchemaRegistry(): Promise<SchemaRegistrySettings> {
  const fromEnv = process.env[SCHEMA_REGISTRY_URL_ENV];
  if (fromEnv) {
    return oncePerProcess(`schema-registry:env:${fromEnv}`, async () => {
      await assertRegistryAnswers(fromEnv);
      return { url: fromEnv.replace(/\/+$/, ''), source: 'env' };
    });
  }
  return oncePerProcess('schema-registry', async () => {
    if ((await infrastructureMode()) === 'containers') {
      // No registry image is wired into Testcontainers here: images for the stack are built separately.
      throw new InfrastructureUnavailableError(
        'a schema registry is not available from Testcontainers here: run `docker compose -f docker-compose.kafka.yml up -d schema-registry` ' +
          `and set ${SCHEMA_REGISTRY_URL_ENV}=http://127.0.0.1:8085, or set STREAMFORGE_INFRA=local to use the local launcher`,
      );
    }
    const { url } = await ensureSchemaRegistry();
    return { url, source: 'local' };
  });
}

/** Fails with one clear line when the given registry does not answer `GET /subjects`. */
async function assertRegistryAnswers(url: string): Promise<void> {
  const base = new URL(url);
  const headers: Record<string, string> = {};
  if (base.username || base.password) {
    const credentials = `${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`;
    headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    base.username = '';
    base.password = '';
  }
  const shown = base.toString().replace(/\/+$/, '');
  let status: number;
  try {
    const response = await fetch(`${shown}/subjects`, { headers, signal: AbortSignal.timeout(5_000) });
    await response.body?.cancel();
    status = response.status;
  } catch (error) {
    // fetch says only "fetch failed"; the socket error (ECONNREFUSED, ENOTFOUND) is in its cause.
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    const detail = cause?.code ?? cause?.message;
    const code = typeof detail === 'string' ? ` (${detail})` : '';
    throw new InfrastructureUnavailableError(
      `${SCHEMA_REGISTRY_URL_ENV}=${shown} does not answer: ${(error as Error).message}${code}`,
      error,
    );
  }
  if (status !== 200) {
    throw new InfrastructureUnavailableError(
      `${SCHEMA_REGISTRY_URL_ENV}=${shown} answered GET /subjects with HTTP ${status}; is it a Confluent-compatible registry API?`,
    );
  }
}
