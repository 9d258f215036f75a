import { setTimeout as delay } from 'node:timers/promises';
import type { RegistryEndpoint } from './registryEndpoint.js';
import { basicAuthorization } from './registryEndpoint.js';
import type { RegistryFailureContext } from './translateRegistryError.js';
import { errorForStatus, translateRegistryError } from './translateRegistryError.js';

/** One request sent to the registry (retries of it are not reported again). */
export interface RegistryRequestEvent {
  method: string;
  /** The path below the base URL, e.g. `/subjects/orders-value/versions`. */
  path: string;
}

export interface RegistryFetchSettings {
  endpoint: RegistryEndpoint;
  timeoutMs: number;
  /** Attempts after the first for a network failure or 5xx; the same bound the library's GETs use. */
  retries: number;
  onRequest: ((request: RegistryRequestEvent) => void) | undefined;
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

/**
 * A JSON request to the registry for the calls @kafkajs/confluent-schema-registry does not expose (the
 * compatibility check, a subject's versions). Both are reads, so a refused connection, a timeout or a 5xx
 * is retried with the library's bounds (3 retries from 100 ms, doubling). A 404 is returned with its body
 * for the caller to interpret (no such subject, no such version); any other failure becomes a typed error.
 */
export async function registryFetch<T>(
  settings: RegistryFetchSettings,
  request: { method: 'GET' | 'POST'; path: string; body?: unknown },
  context: RegistryFailureContext,
): Promise<{ status: number; body: T | undefined }> {
  const { endpoint } = settings;
  const headers: Record<string, string> = { accept: CONTENT_TYPE };
  if (request.body !== undefined) headers['content-type'] = CONTENT_TYPE;
  if (endpoint.credentials) headers.authorization = basicAuthorization(endpoint.credentials);
  settings.onRequest?.({ method: request.method.toLowerCase(), path: request.path });

  for (let attempt = 0; ; attempt++) {
    let failure: unknown;
    try {
      const response = await fetch(`${endpoint.baseUrl}${request.path}`, {
        method: request.method,
        headers,
        ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
      const text = await response.text();
      const body = parseJson(text);
      if (response.ok || response.status === 404)
        return { status: response.status, body: body as T | undefined };
      const reason = messageOf(body) ?? (text.slice(0, 500) || response.statusText);
      failure = errorForStatus(response.status, reason, context);
    } catch (error) {
      failure = translateRegistryError(error, context);
    }
    const retriable = (failure as { retriable?: unknown }).retriable === true;
    if (!retriable || attempt >= settings.retries) throw failure;
    // 100, 200, 400 ms, each ±20 %: spread retries of many clients instead of synchronising them.
    await delay(100 * 2 ** attempt * (0.8 + Math.random() * 0.4));
  }
}

function parseJson(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Confluent's error codes for "no such subject / version / schema" (Apicurio uses them too). A 404
 * without one comes from a wrong URL, not from a missing subject, and must not be read as "none yet".
 */
export const SUBJECT_NOT_FOUND = 40401;
export const VERSION_NOT_FOUND = 40402;
export const SCHEMA_NOT_FOUND = 40403;

export function registryErrorCode(body: unknown): number | undefined {
  if (typeof body === 'object' && body !== null && 'error_code' in body) {
    const code = (body as { error_code: unknown }).error_code;
    if (typeof code === 'number') return code;
  }
  return undefined;
}

/** The registry's own message from an error body, else a placeholder. */
export function reasonOf(body: unknown): string {
  return messageOf(body) ?? 'no message';
}

/** Confluent and Apicurio put it in `message`; Apicurio's framework errors (a wrong path) in `title`. */
function messageOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  for (const field of ['message', 'title', 'detail']) {
    const value = (body as Record<string, unknown>)[field];
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return undefined;
}
