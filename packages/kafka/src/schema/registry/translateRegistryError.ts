import { IncompatibleSchemaError } from '../errors/IncompatibleSchemaError.js';
import { SchemaDefinitionError } from '../errors/SchemaDefinitionError.js';
import { SchemaEncodeError } from '../errors/SchemaEncodeError.js';
import { SchemaRegistryError } from '../errors/SchemaRegistryError.js';
import type { SchemaErrorContext } from '../errors/SchemaRegistryError.js';
import { SchemaRegistryUnavailableError } from '../errors/SchemaRegistryUnavailableError.js';
import { UnknownSchemaIdError } from '../errors/UnknownSchemaIdError.js';

/** Which registry call failed; it decides what a 404 means. */
export type RegistryOperation =
  'register' | 'compatibility' | 'schema-by-id' | 'lookup' | 'versions' | 'config';

export interface RegistryFailureContext {
  /** The registry URL with credentials redacted. */
  displayUrl: string;
  operation: RegistryOperation;
  subject?: string;
  schemaId?: number;
}

/**
 * How a refused connection, a reset, a DNS failure or a timeout shows in mappersmith's errors: status
 * 400 (it has no better code for "no answer") with the socket error's text or its own "Timeout (N ms)".
 */
const NETWORK_FAILURE =
  /\b(ECONNREFUSED|ECONNRESET|ECONNABORTED|ETIMEDOUT|EHOSTUNREACH|EHOSTDOWN|ENETUNREACH|ENOTFOUND|EAI_AGAIN|EPIPE)\b|socket hang up|Timeout \(\d+ms\)/;

/** The typed error for an HTTP answer of the registry that is not a success. */
export function errorForStatus(
  status: number,
  reason: string,
  context: RegistryFailureContext,
  cause?: unknown,
): SchemaRegistryError {
  const where = errorContext(context);
  if (status >= 500 || status === 408 || status === 429) {
    return new SchemaRegistryUnavailableError(context.displayUrl, `HTTP ${status}: ${reason}`, {
      cause,
      context: where,
      status,
    });
  }
  if (status === 404 && context.operation === 'schema-by-id' && context.schemaId !== undefined) {
    return new UnknownSchemaIdError(context.schemaId, context.displayUrl, { cause, context: where });
  }
  if (status === 409 && context.subject !== undefined) {
    return new IncompatibleSchemaError(context.subject, [reason], { cause, context: where, status });
  }
  if (status === 422) {
    return new SchemaDefinitionError(`the schema registry rejected the schema as invalid: ${reason}`, {
      cause,
      context: where,
      status,
    });
  }
  if (status === 401 || status === 403) {
    return new SchemaRegistryError(
      `schema registry ${context.displayUrl} refused access (HTTP ${status}): ${reason}`,
      {
        code: 'SCHEMA_REGISTRY_UNAUTHORIZED',
        cause,
        context: where,
        status,
      },
    );
  }
  return new SchemaRegistryError(
    `schema registry ${context.displayUrl} answered HTTP ${status} to ${context.operation}` +
      `${context.subject !== undefined ? ` of subject "${context.subject}"` : ''}: ${reason}`,
    { code: 'SCHEMA_REGISTRY_REQUEST_FAILED', cause, context: where, status },
  );
}

/** The registry could not be reached at all. */
export function unavailable(
  reason: string,
  context: RegistryFailureContext,
  cause?: unknown,
): SchemaRegistryError {
  return new SchemaRegistryUnavailableError(context.displayUrl, reason, {
    cause,
    context: errorContext(context),
  });
}

/**
 * Maps whatever @kafkajs/confluent-schema-registry (over mappersmith) or fetch threw to our typed errors.
 * Errors it does not recognise are returned unchanged, so a programming error keeps its TypeError class
 * (which the retry runner never retries) instead of being disguised as a registry failure.
 */
export function translateRegistryError(error: unknown, context: RegistryFailureContext): unknown {
  if (error instanceof SchemaRegistryError) return error;
  // Duck-typed, not `instanceof Error`: fetch's errors come from Node's own realm, which is not the
  // realm of the caller's Error under jest or in a vm context, so instanceof would miss them.
  if (!isErrorLike(error)) return error;

  // mappersmith's ResponseError: `<clientId> - <registry message or socket error>`, with the status.
  const status = (error as { status?: unknown }).status;
  if (error.name === 'ResponseError' && typeof status === 'number') {
    const reason = error.message.replace(/^.+? - /, '');
    if (status === 400 && NETWORK_FAILURE.test(reason)) return unavailable(reason, context, error);
    return errorForStatus(status, reason, context, error);
  }
  // fetch: an abort on timeout, or a TypeError "fetch failed" whose cause names the socket error.
  if (error.name === 'TimeoutError' || error.name === 'AbortError') {
    return unavailable(`no answer in time (${error.message})`, context, error);
  }
  // "fetch failed" is always the network's doing (refused, reset, DNS, TLS, a port fetch blocks).
  if (error.name === 'TypeError' && error.message === 'fetch failed') {
    return unavailable(describeCause(error) || error.message, context, error);
  }

  // The library's own errors, recognised by name: its classes are not exported.
  switch (error.name) {
    case 'ConfluentSchemaRegistryValidationError':
      return new SchemaEncodeError('the value does not match its schema', validationPaths(error), {
        cause: error,
        context: errorContext(context),
      });
    case 'ConfluentSchemaRegistryCompatibilityError':
      // register() found the subject's level differs from the one the serializer expects.
      return new SchemaDefinitionError(
        `subject "${context.subject ?? '?'}": ${error.message}; set the serializer's compatibility to the subject's level`,
        { cause: error, context: errorContext(context) },
      );
    case 'ConfluentSchemaRegistryArgumentError':
    case 'ConfluentSchemaRegistryInvalidSchemaError':
      return new SchemaDefinitionError(error.message, { cause: error, context: errorContext(context) });
    default:
      return error;
  }
}

interface ErrorLike {
  name: string;
  message: string;
  cause?: unknown;
}

function isErrorLike(value: unknown): value is ErrorLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { name?: unknown }).name === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

function errorContext(context: RegistryFailureContext): SchemaErrorContext {
  return {
    ...(context.subject !== undefined ? { subject: context.subject } : {}),
    ...(context.schemaId !== undefined ? { schemaId: context.schemaId } : {}),
  };
}

function describeCause(error: ErrorLike): string {
  const cause = error.cause;
  if (!isErrorLike(cause)) return '';
  const code = (cause as { code?: unknown }).code;
  return typeof code === 'string' ? `${code}: ${cause.message}` : cause.message;
}

/** The library reports paths as string arrays (Avro) or `{ path, message }` (detailed JSON errors). */
function validationPaths(error: ErrorLike): string[] {
  const paths = (error as { paths?: unknown }).paths;
  if (!Array.isArray(paths)) return [];
  return paths.map((entry: unknown) => {
    if (Array.isArray(entry)) return entry.map(String).join('.') || '(root)';
    if (typeof entry === 'object' && entry !== null && 'path' in entry)
      return String((entry as { path: unknown }).path);
    return String(entry);
  });
}
