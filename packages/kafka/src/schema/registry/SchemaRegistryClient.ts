import type { DecodeOptions } from '@kafkajs/confluent-schema-registry';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { IncompatibleSchemaError } from '../errors/IncompatibleSchemaError.js';
import { SchemaDecodeError } from '../errors/SchemaDecodeError.js';
import { SchemaDefinitionError } from '../errors/SchemaDefinitionError.js';
import { SchemaEncodeError } from '../errors/SchemaEncodeError.js';
import { SchemaRegistryError } from '../errors/SchemaRegistryError.js';
import type { AvroRecordSchema, SchemaDefinition } from '../SchemaDefinition.js';
import { decodeConfluentFrame, encodeConfluentFrame } from '../wire/v0/confluentFrame.js';
import type { RegistryFetchSettings, RegistryRequestEvent } from './registryFetch.js';
import {
  SCHEMA_NOT_FOUND,
  SUBJECT_NOT_FOUND,
  VERSION_NOT_FOUND,
  reasonOf,
  registryErrorCode,
  registryFetch,
} from './registryFetch.js';
import type { RegistryCredentials } from './registryEndpoint.js';
import { registryEndpoint } from './registryEndpoint.js';
import type { RegistryFailureContext, RegistryOperation } from './translateRegistryError.js';
import { errorForStatus, translateRegistryError } from './translateRegistryError.js';

export interface SchemaRegistryClientOptions {
  /**
   * Base URL of a Confluent-compatible API: Confluent's registry (`http://127.0.0.1:8085`) or Apicurio's
   * (`http://127.0.0.1:8085/apis/ccompat/v7`). Credentials in it (`https://user:secret@host`) are used
   * for basic auth and never shown.
   */
  url: string;
  credentials?: RegistryCredentials;
  /** Sent as the client id in the user agent (default `streamforge`). */
  clientId?: string;
  /** Time limit of each request (default 5 s). */
  requestTimeoutMs?: number;
  /** Told of every request sent to the registry, once per request (not per retry): for metrics, tests. */
  onRequest?: (request: RegistryRequestEvent) => void;
}

export interface CompatibilityResult {
  compatible: boolean;
  /** The registry's reasons when it gives them (Confluent with `verbose=true`; Apicurio gives none). */
  messages: string[];
}

export interface DecodedRecord {
  schemaId: number;
  value: unknown;
}

type LibraryMiddleware = NonNullable<ConstructorParameters<typeof SchemaRegistry>[0]['middlewares']>[number];
type LibraryReaderSchema = NonNullable<NonNullable<DecodeOptions[SchemaType.AVRO]>['readerSchema']>;

/**
 * Retries after a refused connection, a reset or a 5xx: the library's own default for its GETs (3, from
 * 100 ms, doubling), which we do not override because the library merges a `retry` option into a
 * module-wide object shared by every client in the process; our own requests use the same bound. After
 * that the failure is a retriable SchemaRegistryUnavailableError and the caller's retry tier takes over.
 */
const READ_RETRIES = 3;

/**
 * The schema registry as serializers see it, on @kafkajs/confluent-schema-registry: registration with a
 * compatibility check first, schemas by id (cached for the life of the client, as ids are immutable),
 * Avro and JSON Schema encoding in the Confluent wire format, and typed errors for every failure.
 */
export class SchemaRegistryClient {
  /** The registry URL with any credentials redacted, as error messages show it. */
  readonly url: string;
  private readonly library: SchemaRegistry;
  private readonly fetchSettings: RegistryFetchSettings;

  constructor(options: SchemaRegistryClientOptions) {
    const endpoint = registryEndpoint(options.url, options.credentials);
    const timeoutMs = options.requestTimeoutMs ?? 5_000;
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
      throw new RangeError(`requestTimeoutMs must be a positive integer, not ${timeoutMs}`);
    }
    this.url = endpoint.displayUrl;
    this.fetchSettings = { endpoint, timeoutMs, retries: READ_RETRIES, onRequest: options.onRequest };
    const onRequest = options.onRequest;
    // Sets the time limit on every request the library makes, and reports it; mappersmith has no client-wide timeout.
    const limitAndObserve: LibraryMiddleware = () => ({
      prepareRequest: (next) =>
        next().then((request) => {
          onRequest?.({ method: request.method(), path: request.path() });
          return request.enhance({ timeout: timeoutMs });
        }),
    });
    this.library = new SchemaRegistry(
      {
        host: endpoint.baseUrl,
        clientId: options.clientId ?? 'streamforge',
        ...(endpoint.credentials
          ? { auth: { username: endpoint.credentials.username, password: endpoint.credentials.password } }
          : {}),
        middlewares: [limitAndObserve],
      },
      // Foreign JSON schemas may carry keywords Ajv's strict mode rejects (Confluent's own annotations).
      { [SchemaType.JSON]: { strict: false, allErrors: true } },
    );
  }

  /**
   * Registers `definition` under `subject` and returns its id; registering a schema the subject already
   * has returns the existing id. The registry's compatibility check runs first, so an incompatible
   * schema is rejected with the registry's reasons (IncompatibleSchemaError) and nothing is written.
   * The subject's level is the registry's business (its own, else the global one), as with Confluent's
   * serializers.
   *
   * Registration is done here rather than by the library's register(), which first compares the
   * subject's level with one it expects and, for a new subject, pins it: against Apicurio, which reports
   * NONE (not 404) for a subject without a level of its own, that fails for any writer that registers
   * right after another created the subject, and it writes subject configuration nobody asked for.
   */
  async register(subject: string, definition: SchemaDefinition): Promise<number> {
    const check = await this.checkCompatibility(subject, definition);
    if (!check.compatible) {
      const messages =
        check.messages.length > 0 ? check.messages : [await this.describeIncompatibility(subject)];
      throw new IncompatibleSchemaError(subject, messages);
    }
    // Registering the same schema again returns the same id, so retrying a lost answer is safe.
    const { status, body } = await registryFetch<{ id?: unknown }>(
      this.fetchSettings,
      {
        method: 'POST',
        path: `/subjects/${encodeURIComponent(subject)}/versions`,
        body: requestBody(definition),
      },
      this.context('register', { subject }),
    );
    if (status === 404) throw errorForStatus(status, reasonOf(body), this.context('register', { subject }));
    if (typeof body?.id !== 'number') {
      throw new SchemaRegistryError(
        `schema registry ${this.url} registered subject "${subject}" without an id`,
        {
          code: 'SCHEMA_REGISTRY_REQUEST_FAILED',
          context: { subject },
        },
      );
    }
    // Parsed and cached by the library now (one read), so encoding asks the registry nothing more.
    try {
      await this.library.getSchema(body.id);
    } catch (error) {
      throw translateRegistryError(error, this.context('register', { subject, schemaId: body.id }));
    }
    return body.id;
  }

  /**
   * The id `definition` already has under `subject`, without registering anything (Confluent's
   * `auto.register.schemas=false`): fails with code SCHEMA_NOT_REGISTERED when the subject lacks it.
   */
  async lookup(subject: string, definition: SchemaDefinition): Promise<number> {
    const { status, body } = await registryFetch<{ id?: unknown }>(
      this.fetchSettings,
      { method: 'POST', path: `/subjects/${encodeURIComponent(subject)}`, body: requestBody(definition) },
      this.context('lookup', { subject }),
    );
    const code = registryErrorCode(body);
    if (status === 404 && code !== SUBJECT_NOT_FOUND && code !== SCHEMA_NOT_FOUND) {
      throw errorForStatus(status, reasonOf(body), this.context('lookup', { subject }));
    }
    if (status === 404 || typeof body?.id !== 'number') {
      throw new SchemaRegistryError(`subject "${subject}" at ${this.url} has no such schema registered`, {
        code: 'SCHEMA_NOT_REGISTERED',
        context: { subject },
        status,
      });
    }
    return body.id;
  }

  /**
   * Asks the registry whether `definition` is compatible with the subject's latest version under the
   * subject's level (`POST /compatibility/subjects/{subject}/versions/latest`). A subject without
   * versions is compatible: Confluent answers 404 (40401/40402) there, Apicurio `is_compatible: true`.
   * Any other 404 means the URL does not lead to a registry API, and fails.
   */
  async checkCompatibility(subject: string, definition: SchemaDefinition): Promise<CompatibilityResult> {
    const { status, body } = await registryFetch<{ is_compatible?: unknown; messages?: unknown }>(
      this.fetchSettings,
      {
        method: 'POST',
        path: `/compatibility/subjects/${encodeURIComponent(subject)}/versions/latest?verbose=true`,
        body: requestBody(definition),
      },
      this.context('compatibility', { subject }),
    );
    if (status === 404) {
      const code = registryErrorCode(body);
      if (code === SUBJECT_NOT_FOUND || code === VERSION_NOT_FOUND) return { compatible: true, messages: [] };
      throw errorForStatus(status, reasonOf(body), this.context('compatibility', { subject }));
    }
    const messages = Array.isArray(body?.messages) ? body.messages.map(String) : [];
    return { compatible: body?.is_compatible === true, messages };
  }

  /** Why the check failed, when the registry gives no reasons itself (Apicurio): the level it applied. */
  private async describeIncompatibility(subject: string): Promise<string> {
    const generic = 'not compatible with the latest version';
    try {
      const { body } = await registryFetch<{ compatibilityLevel?: unknown }>(
        { ...this.fetchSettings, retries: 0 },
        { method: 'GET', path: `/config/${encodeURIComponent(subject)}?defaultToGlobal=true` },
        this.context('config', { subject }),
      );
      const level = body?.compatibilityLevel;
      return typeof level === 'string' ? `${generic} under compatibility level ${level}` : generic;
    } catch {
      // Only the message is at stake here; the rejection itself stands.
      return generic;
    }
  }

  /** The versions the subject has, oldest first; empty when the subject does not exist. */
  async subjectVersions(subject: string): Promise<number[]> {
    const { status, body } = await registryFetch<unknown>(
      this.fetchSettings,
      { method: 'GET', path: `/subjects/${encodeURIComponent(subject)}/versions` },
      this.context('versions', { subject }),
    );
    if (status === 404) {
      if (registryErrorCode(body) === SUBJECT_NOT_FOUND) return [];
      throw errorForStatus(status, reasonOf(body), this.context('versions', { subject }));
    }
    return Array.isArray(body) ? body.map(Number) : [];
  }

  /** `value` serialized with schema `schemaId`, in the Confluent wire format. */
  async encode(schemaId: number, value: unknown): Promise<Buffer> {
    const schema = await this.schemaById(schemaId, 'encode');
    let payload: Buffer;
    try {
      // Both Avro and JSON Schema serialize objects; anything else fails their own validation below.
      payload = schema.toBuffer(value as object);
    } catch (error) {
      const paths: string[] = [];
      schema.isValid(value as object, { errorHook: (path) => paths.push(path.join('.') || '(root)') });
      throw new SchemaEncodeError(`the value does not match schema ${schemaId}`, paths, {
        cause: error,
        context: { schemaId },
      });
    }
    return encodeConfluentFrame(schemaId, payload);
  }

  /**
   * Decodes a record value written in the Confluent wire format with whichever schema its header names.
   * With `readerSchema`, Avro records are resolved into that schema (fields added with a default are
   * filled in). Every failure that lies in the bytes is a SchemaDecodeError (UnknownSchemaIdError for an
   * id the registry lacks); an unreachable registry is a retriable SchemaRegistryUnavailableError.
   */
  async decode(
    bytes: Uint8Array | null | undefined,
    options: { readerSchema?: AvroRecordSchema } = {},
  ): Promise<DecodedRecord> {
    const { schemaId, payload } = decodeConfluentFrame(bytes);
    const schema = await this.schemaById(schemaId, 'decode');
    try {
      if (options.readerSchema === undefined) return { schemaId, value: schema.fromBuffer(payload) };
      // The library resolves writer into reader schema itself; by now the writer schema is cached.
      const readerSchema = options.readerSchema as unknown as LibraryReaderSchema;
      const framed = Buffer.isBuffer(bytes) ? bytes : encodeConfluentFrame(schemaId, payload);
      return { schemaId, value: await this.library.decode(framed, { [SchemaType.AVRO]: { readerSchema } }) };
    } catch (error) {
      throw new SchemaDecodeError(
        `the record does not decode with schema ${schemaId}: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error, context: { schemaId } },
      );
    }
  }

  /** The parsed schema with this id: fetched once, then served from the library's cache. */
  private async schemaById(schemaId: number, purpose: 'encode' | 'decode') {
    try {
      return await this.library.getSchema(schemaId);
    } catch (error) {
      const translated = translateRegistryError(error, this.context('schema-by-id', { schemaId }));
      // A schema the registry has but this client cannot parse makes the record undecodable here.
      if (purpose === 'decode' && translated instanceof SchemaDefinitionError) {
        throw new SchemaDecodeError(translated.message, { cause: translated, context: { schemaId } });
      }
      throw translated;
    }
  }

  private context(
    operation: RegistryOperation,
    about: { subject?: string; schemaId?: number },
  ): RegistryFailureContext {
    return { displayUrl: this.url, operation, ...about };
  }
}

export function createSchemaRegistryClient(options: SchemaRegistryClientOptions): SchemaRegistryClient {
  return new SchemaRegistryClient(options);
}

/** The body of register, lookup and compatibility requests; `schemaType` is omitted for Avro, the default. */
function requestBody(definition: SchemaDefinition): { schema: string; schemaType?: 'JSON' } {
  return definition.type === 'AVRO'
    ? { schema: JSON.stringify(definition.schema) }
    : { schema: JSON.stringify(definition.schema), schemaType: 'JSON' };
}
