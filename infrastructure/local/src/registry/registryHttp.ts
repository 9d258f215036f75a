/**
 * The few calls the launcher makes to a Confluent-compatible registry API (Apicurio's ccompat, or
 * Confluent's own): whether it answers, and its global compatibility level.
 */

/** Compatibility levels of the Confluent API (Apicurio accepts the same names). */
export type CompatibilityLevel =
  'NONE' | 'BACKWARD' | 'BACKWARD_TRANSITIVE' | 'FORWARD' | 'FORWARD_TRANSITIVE' | 'FULL' | 'FULL_TRANSITIVE';

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

/** True when `GET <url>/subjects` answers 200 with a JSON array: the API, not just the port, is up. */
export async function registryAnswers(url: string, timeoutMs = 2_000): Promise<boolean> {
  try {
    const response = await fetch(`${url}/subjects`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return false;
    return Array.isArray(await response.json());
  } catch {
    return false;
  }
}

/** True when Apicurio's readiness check (storage initialised) answers 200. */
export async function registryReady(readinessUrl: string, timeoutMs = 2_000): Promise<boolean> {
  try {
    const response = await fetch(readinessUrl, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

export async function readGlobalCompatibility(url: string): Promise<string> {
  const response = await fetch(`${url}/config`, { signal: AbortSignal.timeout(5_000) });
  const body = (await response.json()) as { compatibilityLevel?: unknown };
  if (!response.ok || typeof body.compatibilityLevel !== 'string') {
    throw new Error(`GET ${url}/config answered HTTP ${response.status}: ${JSON.stringify(body)}`);
  }
  return body.compatibilityLevel;
}

export async function setGlobalCompatibility(url: string, level: CompatibilityLevel): Promise<void> {
  const response = await fetch(`${url}/config`, {
    method: 'PUT',
    headers: { 'content-type': CONTENT_TYPE, accept: CONTENT_TYPE },
    body: JSON.stringify({ compatibility: level }),
    signal: AbortSignal.timeout(5_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`PUT ${url}/config answered HTTP ${response.status}: ${text}`);
}
